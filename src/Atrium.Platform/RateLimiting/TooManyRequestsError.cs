using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.RateLimiting;

/// <summary>429 with <c>Retry-After</c> (whole seconds) and <c>{"errors":{"rate":["limit exceeded, retry after N seconds"]}}</c>.</summary>
public sealed class TooManyRequestsError(TimeSpan retryAfter)
    : RetryLaterError(StatusCodes.Status429TooManyRequests, Body(Seconds(retryAfter)), Seconds(retryAfter)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);

    /// <summary>The rejection the rate-limiting middleware answers with.</summary>
    internal static ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken _)
    {
        context.HttpContext.RequestServices.GetRequiredService<RateLimitMetrics>().RequestRejected();
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return new ValueTask(new TooManyRequestsError(retryAfter).ExecuteAsync(context.HttpContext));
    }

    private static ErrorBody Body(int seconds) => ErrorBody.For("rate", $"limit exceeded, retry after {seconds} seconds");

    // Rounded up and at least 1: "retry after 0 seconds" would invite an immediate retry that fails again.
    private static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
