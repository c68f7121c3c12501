using Atrium.Platform.Jobs;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.History;

/// <summary>
/// Deletes request history older than <see cref="WeatherOptions.HistoryRetention"/>: every request adds a
/// row, so without a bound the table grows with traffic for ever. In batches, so a large backlog never
/// holds one long write (SQLite) or one huge transaction.
/// </summary>
internal sealed class HistoryPruner(WeatherDbContext db, TimeProvider clock, IOptions<WeatherOptions> options)
{
    private const int BatchSize = 5_000;

    /// <summary>How many entries were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.HistoryRetention;
        return await db.Requests.Where(r => r.CreatedAt < cutoff).DeleteInBatchesAsync(r => r.Id, BatchSize, ct);
    }
}

/// <summary>The daily recurring job that runs <see cref="HistoryPruner"/>.</summary>
internal sealed class PruneWeatherHistory(HistoryPruner pruner) : IBackgroundJob<NoArgs>
{
    public const string Name = "weather.prune-history";

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var deleted = await pruner.PruneAsync(cancellationToken);
        await context.ReportProgressAsync(100, $"{deleted} history entries deleted", cancellationToken);
    }
}
