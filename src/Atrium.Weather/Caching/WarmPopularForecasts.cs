using Atrium.Platform.Jobs;
using Atrium.Weather.Forecasts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.Caching;

/// <summary>
/// Refreshes the most requested forecasts (by normalised query over <see cref="WeatherOptions.WarmupWindow"/>)
/// before their entries expire, so popular places are hits and their last good answer stays recent.
/// </summary>
internal sealed partial class ForecastWarmer(WeatherDbContext db, WeatherCache cache, TimeProvider clock, IOptions<WeatherOptions> options, ILogger<ForecastWarmer> logger)
{
    /// <summary>How many forecasts were refreshed.</summary>
    public async Task<int> WarmAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.WarmupTop == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var since = now.UtcDateTime - o.WarmupWindow;
        var popular = await db.Requests.AsNoTracking()
            .Where(r => r.CreatedAt >= since && r.Status == StatusCodes.Status200OK && r.Latitude != null)
            .GroupBy(r => r.Query)
            .Select(g => new { Query = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count)
            .Take(o.WarmupTop)
            .ToListAsync(ct);
        var refreshed = 0;
        foreach (var entry in popular)
        {
            // Stored queries are canonical, so they parse back to the same request and the same cache key.
            var query = QueryHelpers.ParseQuery(entry.Query).Select(p => new KeyValuePair<string, string?[]>(p.Key, p.Value.ToArray()));
            var (request, _) = ForecastRequest.Parse(query, DateOnly.FromDateTime(now.UtcDateTime));
            if (request is not null && await cache.RefreshAsync(request, ct))
            {
                refreshed++;
            }
        }

        LogWarmed(refreshed, popular.Count);
        return refreshed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weather warm-up refreshed {Refreshed} of the {Popular} most requested forecasts")]
    private partial void LogWarmed(int refreshed, int popular);
}

/// <summary>The recurring job (<see cref="WeatherOptions.WarmupCron"/>) that runs <see cref="ForecastWarmer"/>.</summary>
internal sealed class WarmPopularForecasts(ForecastWarmer warmer) : IBackgroundJob<NoArgs>
{
    public const string Name = "weather.warm-popular-forecasts";

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var refreshed = await warmer.WarmAsync(cancellationToken);
        await context.ReportProgressAsync(100, $"refreshed {refreshed} forecasts", cancellationToken);
    }
}
