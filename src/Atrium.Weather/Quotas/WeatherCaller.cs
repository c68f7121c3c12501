using System.Security.Cryptography;
using System.Text;
using Atrium.Platform.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.Quotas;

/// <summary>Who a weather request counts against: an API key, a signed-in user, or an anonymous address.</summary>
/// <param name="Kind"><c>key</c>, <c>user</c> or <c>anonymous</c>.</param>
/// <param name="Id">The key's or user's id, or the salted hash of the anonymous address (what the history stores).</param>
/// <param name="Partition">What the quota counts by (the client address for anonymous callers).</param>
internal sealed record WeatherCaller(string Kind, string Id, string Partition)
{
    public const string ItemKey = "atrium.weather.caller";

    public static WeatherCaller Of(HttpContext context) =>
        context.Items[ItemKey] as WeatherCaller ?? throw new InvalidOperationException("The weather quota filter did not run.");
}

/// <summary>
/// Tells callers apart. A key comes in <c>X-Api-Key</c> or, like Open-Meteo's commercial API, the
/// <c>apikey</c> query parameter; valid keys are remembered for <see cref="WeatherOptions.ApiKeyCacheDuration"/>
/// so a cache hit costs no database round trip.
/// </summary>
internal sealed class CallerResolver
{
    public const string HeaderName = "X-Api-Key";
    private const string QueryName = "apikey";

    private readonly IMemoryCache _memory;
    private readonly IServiceScopeFactory _scopes;
    private readonly WeatherOptions _options;
    private readonly byte[] _salt;

    public CallerResolver(IMemoryCache memory, IServiceScopeFactory scopes, IOptions<WeatherOptions> options)
    {
        _memory = memory;
        _scopes = scopes;
        _options = options.Value;
        _salt = string.IsNullOrEmpty(_options.AnonymousSalt) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(_options.AnonymousSalt);
    }

    /// <summary>The caller, or null when a key was presented that is unknown or revoked.</summary>
    public async ValueTask<WeatherCaller?> ResolveAsync(HttpContext context, CancellationToken ct)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            key = context.Request.Query[QueryName].ToString();
        }

        if (key.Length > 0)
        {
            var id = await KeyIdAsync(key, ct);
            return id is null ? null : new WeatherCaller("key", id.Value.ToString(), $"key:{id:N}");
        }

        if (CurrentUser.From(context.User).Id is { } user)
        {
            return new WeatherCaller("user", user.ToString(), $"user:{user:N}");
        }

        var address = RateLimitPartitions.ClientAddress(context);
        return new WeatherCaller("anonymous", Convert.ToHexStringLower(HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(address))), address);
    }

    /// <summary>Forgets a revoked key here at once (other instances within the cache duration).</summary>
    public void Forget(string hash) => _memory.Remove(MemoryKey(hash));

    private async ValueTask<Guid?> KeyIdAsync(string key, CancellationToken ct)
    {
        if (key.Length > OpaqueToken.MaxLength || !key.StartsWith(WeatherApiKey.KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = OpaqueToken.Hash(key);
        if (_memory.TryGetValue(MemoryKey(hash), out Guid cached))
        {
            return cached;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WeatherDbContext>();
        var id = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);
        if (id is not null && _options.ApiKeyCacheDuration > TimeSpan.Zero)
        {
            // The shared memory cache is bounded in bytes (Atrium:Cache:LocalSizeLimitBytes): every entry states its size.
            _memory.Set(MemoryKey(hash), id.Value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.ApiKeyCacheDuration, Size = 128 });
        }

        return id;
    }

    private static string MemoryKey(string hash) => "atrium:weather:api-key:" + hash;
}
