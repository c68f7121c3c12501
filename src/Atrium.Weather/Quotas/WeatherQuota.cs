using System.Threading.RateLimiting;
using Atrium.Platform.RateLimiting;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.Quotas;

/// <summary>
/// The weather quota tiers: per API key, per user, per anonymous address, each with its own limits,
/// on the platform's windows (shared through Redis when configured).
/// </summary>
internal sealed class WeatherQuota : IDisposable
{
    private readonly PartitionedRateLimiter<WeatherCaller> _limiter;

    public WeatherQuota(RateLimitPartitions partitions, IOptions<WeatherOptions> options, IOptions<RateLimitOptions> platform)
    {
        var o = options.Value;
        Enabled = platform.Value.Enabled;
        _limiter = PartitionedRateLimiter.Create<WeatherCaller, string>(caller => caller.Kind switch
        {
            "key" => partitions.For("WeatherApiKey", o.ApiKeyQuota, caller.Partition),
            "user" => partitions.For("WeatherUser", o.UserQuota, caller.Partition),
            _ => partitions.For("WeatherAnonymous", o.AnonymousQuota, caller.Partition),
        });
    }

    /// <summary>Off with the platform's limits (<c>Atrium:RateLimits:Enabled=false</c>).</summary>
    public bool Enabled { get; }

    /// <summary>Null when the caller may go on, else how long to wait.</summary>
    public async ValueTask<TimeSpan?> TryTakeAsync(WeatherCaller caller, CancellationToken ct)
    {
        if (!Enabled)
        {
            return null;
        }

        using var lease = await _limiter.AcquireAsync(caller, 1, ct);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Resolves the caller and takes one permit before a weather endpoint runs. Refusals come in the
/// group's own error dialect (Open-Meteo's on <c>/v1</c>, the platform's on <c>/api</c>).
/// </summary>
internal sealed class WeatherQuotaFilter(CallerResolver callers, WeatherQuota quota, bool openMeteoDialect) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var caller = await callers.ResolveAsync(context, context.RequestAborted);
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            return openMeteoDialect
                ? new OpenMeteoError(StatusCodes.Status401Unauthorized, "The API key is invalid or revoked.")
                : new UnauthorizedError("apikey", "is invalid or revoked");
        }

        context.Items[WeatherCaller.ItemKey] = caller;
        if (await quota.TryTakeAsync(caller, context.RequestAborted) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return openMeteoDialect
                ? new OpenMeteoError(StatusCodes.Status429TooManyRequests, $"Request limit exceeded for this {caller.Kind switch { "key" => "API key", "user" => "user", _ => "address" }}. Please try again in {seconds} seconds.")
                : new TooManyRequestsError(retryAfter);
        }

        return await next(invocation);
    }
}
