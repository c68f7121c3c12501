using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Atrium.Weather.Forecasts;
using Atrium.Weather.Upstream;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.Caching;

/// <summary>An upstream answer as cached: its JSON as received, and when it was fetched.</summary>
[ImmutableObject(true)]
public sealed record CachedAnswer(string Body, DateTimeOffset FetchedAt);

/// <summary>How an answer was obtained.</summary>
public enum CacheResult
{
    Hit,
    Miss,
    Stale,
    Rejected,
    Unavailable,
}

/// <summary>What the caches and the upstream gave for one request.</summary>
internal sealed record WeatherAnswer(CacheResult Result, CachedAnswer? Answer, int? UpstreamStatus, double? UpstreamMilliseconds, string? Reason)
{
    public static string Label(CacheResult result) => result.ToString().ToLowerInvariant();
}

/// <summary>
/// Forecasts and city lookups through the platform's HybridCache (memory, plus Redis when configured).
/// HybridCache runs one fill per key for all concurrent callers in this process, so a burst of identical
/// misses costs one upstream call. Every good forecast is also kept under a second key for
/// <see cref="WeatherOptions.StaleTtl"/>: when the upstream fails after the fresh entry expired, that
/// last good answer is served, marked stale.
/// </summary>
internal sealed class WeatherCache(HybridCache cache, OpenMeteoClient upstream, TimeProvider clock, IOptions<WeatherOptions> options, WeatherTelemetry telemetry)
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public async Task<WeatherAnswer> ForecastAsync(ForecastRequest request, CancellationToken ct)
    {
        var key = Key("forecast", request.CanonicalQuery);
        var fill = new Fill();
        try
        {
            var answer = await cache.GetOrCreateAsync(
                key, (self: this, request, fill, key),
                static async (s, token) =>
                {
                    s.fill.Ran = true;
                    var fresh = await s.self.FetchAsync(s.request, s.fill, token);
                    await s.self.KeepLastGoodAsync(s.key, fresh, token);
                    return fresh;
                },
                Lifetime(Ttl(request.Kind)), cancellationToken: ct);
            // Callers that joined another's fill count as hits: they cost no upstream call of their own.
            return Answered(OpenMeteoClient.Forecast, new WeatherAnswer(fill.Ran ? CacheResult.Miss : CacheResult.Hit, answer, fill.Status, fill.Milliseconds, null));
        }
        catch (UpstreamRejectedException e)
        {
            return Answered(OpenMeteoClient.Forecast, new WeatherAnswer(CacheResult.Rejected, null, e.Answer.Status, e.Answer.Milliseconds, e.Answer.Body));
        }
        catch (UpstreamUnavailableException e)
        {
            var stale = await cache.GetOrCreateAsync<CachedAnswer?>(StaleKey(key), _ => ValueTask.FromResult<CachedAnswer?>(null), ReadOnly, cancellationToken: ct);
            return Answered(OpenMeteoClient.Forecast, stale is null
                ? new WeatherAnswer(CacheResult.Unavailable, null, e.Status, e.Milliseconds, e.Reason)
                : new WeatherAnswer(CacheResult.Stale, stale, e.Status, e.Milliseconds, e.Reason));
        }
    }

    /// <summary>Fetches now and replaces both entries (the warm-up job), whatever is cached.</summary>
    public async Task<bool> RefreshAsync(ForecastRequest request, CancellationToken ct)
    {
        try
        {
            var key = Key("forecast", request.CanonicalQuery);
            var fresh = await FetchAsync(request, new Fill(), ct);
            await cache.SetAsync(key, fresh, Lifetime(Ttl(request.Kind)), cancellationToken: ct);
            await KeepLastGoodAsync(key, fresh, ct);
            return true;
        }
        catch (Exception e) when (e is UpstreamRejectedException or UpstreamUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Open-Meteo's geocoding results for a name (and ISO country code), cached for <see cref="WeatherOptions.GeocodingTtl"/>.</summary>
    public async Task<WeatherAnswer> SearchAsync(string name, string? countryCode, CancellationToken ct)
    {
        var fill = new Fill();
        try
        {
            var answer = await cache.GetOrCreateAsync(
                Key("geocoding", $"{name.ToLowerInvariant()}|{countryCode}"), (self: this, name, countryCode, fill),
                static (s, token) => new ValueTask<CachedAnswer>(s.self.SearchUpstreamAsync(s.name, s.countryCode, s.fill, token)),
                Lifetime(options.Value.GeocodingTtl), cancellationToken: ct);
            return Answered(OpenMeteoClient.Geocoding, new WeatherAnswer(fill.Ran ? CacheResult.Miss : CacheResult.Hit, answer, fill.Status, fill.Milliseconds, null));
        }
        catch (UpstreamRejectedException e)
        {
            return Answered(OpenMeteoClient.Geocoding, new WeatherAnswer(CacheResult.Rejected, null, e.Answer.Status, e.Answer.Milliseconds, e.Answer.Body));
        }
        catch (UpstreamUnavailableException e)
        {
            return Answered(OpenMeteoClient.Geocoding, new WeatherAnswer(CacheResult.Unavailable, null, e.Status, e.Milliseconds, e.Reason));
        }
    }

    private async Task<CachedAnswer> SearchUpstreamAsync(string name, string? countryCode, Fill fill, CancellationToken ct)
    {
        fill.Ran = true;
        var result = await upstream.SearchAsync(name, countryCode, ct);
        (fill.Status, fill.Milliseconds) = (result.Status, result.Milliseconds);
        return result.Ok ? new CachedAnswer(result.Body, clock.GetUtcNow()) : throw new UpstreamRejectedException(result);
    }

    private ValueTask KeepLastGoodAsync(string key, CachedAnswer answer, CancellationToken ct) =>
        cache.SetAsync(StaleKey(key), answer, Lifetime(options.Value.StaleTtl), cancellationToken: ct);

    private async Task<CachedAnswer> FetchAsync(ForecastRequest request, Fill fill, CancellationToken ct)
    {
        var result = await upstream.ForecastAsync(request.CanonicalQuery, ct);
        (fill.Status, fill.Milliseconds) = (result.Status, result.Milliseconds);
        // Throwing keeps HybridCache from storing it, and hands the same rejection to every waiting caller.
        return result.Ok ? new CachedAnswer(result.Body, clock.GetUtcNow()) : throw new UpstreamRejectedException(result);
    }

    private WeatherAnswer Answered(string api, WeatherAnswer answer)
    {
        telemetry.Answered(api, WeatherAnswer.Label(answer.Result));
        return answer;
    }

    private TimeSpan Ttl(ForecastKind kind) => kind switch
    {
        ForecastKind.Current => options.Value.CurrentTtl,
        ForecastKind.Past => options.Value.PastTtl,
        _ => options.Value.ForecastTtl,
    };

    private static HybridCacheEntryOptions Lifetime(TimeSpan ttl) => new() { Expiration = ttl, LocalCacheExpiration = ttl };

    // Hashed: queries can be long, and a fixed-length key keeps Redis and the memory cache lean.
    private static string Key(string kind, string text) =>
        $"weather:{kind}:v1:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}";

    private static string StaleKey(string key) => key + ":last-good";

    private sealed class Fill
    {
        public bool Ran { get; set; }

        public int? Status { get; set; }

        public double? Milliseconds { get; set; }
    }
}

/// <summary>The upstream refused the request itself (4xx): passed on, never cached, not a breaker failure.</summary>
internal sealed class UpstreamRejectedException(UpstreamAnswer answer) : Exception($"Open-Meteo answered {answer.Status}")
{
    public UpstreamAnswer Answer => answer;
}
