using Atrium.Platform.RateLimiting;
using Microsoft.Extensions.Options;

namespace Atrium.Weather;

/// <summary>The weather module's settings, bound from <c>Atrium:Weather</c> and checked at start.</summary>
public sealed class WeatherOptions
{
    public const string SectionName = "Atrium:Weather";

    /// <summary>Where <c>/v1/forecast</c> is asked (a self-hosted Open-Meteo works the same).</summary>
    public Uri ForecastBaseUrl { get; set; } = new("https://api.open-meteo.com");

    /// <summary>Where <c>/v1/search</c> (city lookup) is asked.</summary>
    public Uri GeocodingBaseUrl { get; set; } = new("https://geocoding-api.open-meteo.com");

    /// <summary>Sent upstream as <c>apikey</c> when set (Open-Meteo's commercial hosts need one).</summary>
    public string? UpstreamApiKey { get; set; }

    /// <summary>One upstream attempt's limit.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>All attempts of one upstream call together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt, on transient failures only (5xx, 408, 429, timeouts, refused connections).</summary>
    public int RetryAttempts { get; set; } = 2;

    /// <summary>The first retry's median delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The breaker opens when this share of calls in the sampling window failed…</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>…and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls before letting one through (half-open).</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fresh lifetime of answers with <c>current</c> or <c>minutely_15</c> data.</summary>
    public TimeSpan CurrentTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Fresh lifetime of hourly/daily forecasts.</summary>
    public TimeSpan ForecastTtl { get; set; } = TimeSpan.FromMinutes(45);

    /// <summary>Fresh lifetime of answers that only cover days already past (they no longer change).</summary>
    public TimeSpan PastTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the last good answer is kept to serve (marked stale) while the upstream is down.</summary>
    public TimeSpan StaleTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>City lookups: places hardly move.</summary>
    public TimeSpan GeocodingTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>History entries waiting to be written; when full, new ones are dropped (and counted), never waited for.</summary>
    public int HistoryQueueCapacity { get; set; } = 10_000;

    /// <summary>Most history rows written in one transaction.</summary>
    public int HistoryBatchSize { get; set; } = 500;

    /// <summary>How long the history writer lets entries gather before writing a batch that is not full.</summary>
    public TimeSpan HistoryFlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Salt of the anonymous callers' address hashes in the history (a secret: set it from the environment).
    /// Empty: a random salt per process, so hashes do not match across restarts or instances.
    /// </summary>
    public string? AnonymousSalt { get; set; }

    /// <summary>Quartz cron of the cache warm-up job (seconds first).</summary>
    public string WarmupCron { get; set; } = "0 */10 * * * ?";

    /// <summary>How many of the most requested forecasts the warm-up refreshes.</summary>
    public int WarmupTop { get; set; } = 20;

    /// <summary>How long request history is kept; older entries are deleted daily (<c>weather.prune-history</c>).</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How far back the warm-up looks for the most requested forecasts.</summary>
    public TimeSpan WarmupWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Per client address, for callers with neither token nor key.</summary>
    public RateLimitTier AnonymousQuota { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per signed-in user.</summary>
    public RateLimitTier UserQuota { get; set; } = new() { PermitLimit = 3_000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Per API key.</summary>
    public RateLimitTier ApiKeyQuota { get; set; } = new() { PermitLimit = 10_000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>How long a validated API key is trusted from memory (a revocation reaches other instances within it).</summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class WeatherOptionsValidator : IValidateOptions<WeatherOptions>
{
    public ValidateOptionsResult Validate(string? name, WeatherOptions o)
    {
        var failures = new List<string>();
        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                failures.Add($"{WeatherOptions.SectionName}:{key} {rule}.");
            }
        }

        Check(IsHttp(o.ForecastBaseUrl), nameof(o.ForecastBaseUrl), "must be an absolute http(s) URL");
        Check(IsHttp(o.GeocodingBaseUrl), nameof(o.GeocodingBaseUrl), "must be an absolute http(s) URL");
        Check(o.AttemptTimeout >= TimeSpan.FromMilliseconds(10) && o.AttemptTimeout <= TimeSpan.FromMinutes(1), nameof(o.AttemptTimeout), "must be between 10 ms and 1 minute");
        Check(o.TotalTimeout >= o.AttemptTimeout && o.TotalTimeout <= TimeSpan.FromMinutes(5), nameof(o.TotalTimeout), "must be at least AttemptTimeout and at most 5 minutes");
        Check(o.RetryAttempts is >= 0 and <= 10, nameof(o.RetryAttempts), "must be between 0 and 10");
        Check(o.RetryBaseDelay >= TimeSpan.Zero && o.RetryBaseDelay <= TimeSpan.FromSeconds(30), nameof(o.RetryBaseDelay), "must be between 0 and 30 seconds");
        Check(o.BreakerFailureRatio is > 0 and <= 1, nameof(o.BreakerFailureRatio), "must be above 0 and at most 1");
        Check(o.BreakerMinimumThroughput >= 2, nameof(o.BreakerMinimumThroughput), "must be at least 2");
        Check(o.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(o.BreakerSamplingDuration), "must be at least 0.5 seconds");
        Check(o.BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), nameof(o.BreakerBreakDuration), "must be at least 0.5 seconds");
        foreach (var (key, ttl) in new[] { (nameof(o.CurrentTtl), o.CurrentTtl), (nameof(o.ForecastTtl), o.ForecastTtl), (nameof(o.PastTtl), o.PastTtl), (nameof(o.GeocodingTtl), o.GeocodingTtl) })
        {
            Check(ttl >= TimeSpan.FromSeconds(1) && ttl <= TimeSpan.FromDays(30), key, "must be between 1 second and 30 days");
        }

        Check(o.StaleTtl >= o.ForecastTtl && o.StaleTtl >= o.CurrentTtl && o.StaleTtl <= TimeSpan.FromDays(30), nameof(o.StaleTtl),
            "must outlive CurrentTtl and ForecastTtl (at most 30 days)");
        Check(o.HistoryQueueCapacity is >= 1 and <= 1_000_000, nameof(o.HistoryQueueCapacity), "must be between 1 and 1000000");
        Check(o.HistoryBatchSize is >= 1 and <= 5_000, nameof(o.HistoryBatchSize), "must be between 1 and 5000");
        Check(o.HistoryFlushInterval >= TimeSpan.Zero && o.HistoryFlushInterval <= TimeSpan.FromSeconds(10), nameof(o.HistoryFlushInterval), "must be between 0 and 10 seconds");
        Check(Quartz.CronExpression.TryParse(o.WarmupCron, out _), nameof(o.WarmupCron), "must be a Quartz cron expression");
        Check(o.WarmupTop is >= 0 and <= 1_000, nameof(o.WarmupTop), "must be between 0 and 1000");
        Check(o.WarmupWindow >= TimeSpan.FromMinutes(1), nameof(o.WarmupWindow), "must be at least a minute");
        Check(o.HistoryRetention >= TimeSpan.FromDays(1), nameof(o.HistoryRetention), "must be at least a day");
        Check(o.ApiKeyCacheDuration >= TimeSpan.Zero && o.ApiKeyCacheDuration <= TimeSpan.FromMinutes(10), nameof(o.ApiKeyCacheDuration), "must be between 0 and 10 minutes");
        foreach (var (key, tier) in new[] { (nameof(o.AnonymousQuota), o.AnonymousQuota), (nameof(o.UserQuota), o.UserQuota), (nameof(o.ApiKeyQuota), o.ApiKeyQuota) })
        {
            Check(tier.PermitLimit >= 1, $"{key}:PermitLimit", "must be at least 1");
            Check(tier.Window >= TimeSpan.FromSeconds(1) && tier.Window <= TimeSpan.FromDays(1), $"{key}:Window", "must be between 00:00:01 and 1.00:00:00");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttp(Uri? uri) => uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
