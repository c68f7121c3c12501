using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Weather.History;

/// <summary>
/// Takes history entries from requests without making them wait: a bounded in-memory queue that,
/// when full, drops the new entry and counts it. <see cref="HistoryWriter"/> drains it in batches.
/// Entries still queued when the process dies are lost: the history is a statistic, not a ledger.
/// </summary>
internal sealed class HistoryRecorder(IOptions<WeatherOptions> options, WeatherTelemetry telemetry)
{
    private readonly Channel<WeatherRequest> _queue = Channel.CreateBounded<WeatherRequest>(
        new BoundedChannelOptions(options.Value.HistoryQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ChannelReader<WeatherRequest> Reader => _queue.Reader;

    public void Record(WeatherRequest entry)
    {
        // TryWrite never waits: with FullMode=Wait it simply fails when full, which is what lets us count the drop.
        if (!_queue.Writer.TryWrite(entry))
        {
            telemetry.HistoryDropped(1);
        }
    }

    public void Complete() => _queue.Writer.TryComplete();
}

/// <summary>Writes queued history entries in batches of up to <see cref="WeatherOptions.HistoryBatchSize"/>.</summary>
internal sealed partial class HistoryWriter(
    HistoryRecorder recorder, IServiceScopeFactory scopes, IOptions<WeatherOptions> options, WeatherTelemetry telemetry, TimeProvider clock, ILogger<HistoryWriter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<WeatherRequest>(options.Value.HistoryBatchSize);
        try
        {
            while (await recorder.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch gather: one commit per entry would cost more than the requests themselves.
                if (recorder.Reader.Count < options.Value.HistoryBatchSize)
                {
                    await Task.Delay(options.Value.HistoryFlushInterval, clock, stoppingToken);
                }

                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: write what is already queued, without the cancelled token.
            await DrainAsync(batch, CancellationToken.None);
        }
    }

    private async Task DrainAsync(List<WeatherRequest> batch, CancellationToken ct)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < options.Value.HistoryBatchSize && recorder.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count == 0)
            {
                return;
            }

            // SQLite's "async" calls run synchronously: without a yield between batches, a backlog
            // would hold a thread-pool thread (one of two on two cores) until it is written, and the
            // requests queued behind it would wait that long.
            await Task.Yield();

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WeatherDbContext>();
                // Insert-only: SaveChanges' tracking and update pipeline cost more than the requests themselves.
                await BulkInsert.InsertAsync(db, batch, ct);
                telemetry.HistoryWritten(batch.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A batch that cannot be written is dropped: retrying would hold the queue and the requests behind it.
                telemetry.HistoryDropped(batch.Count);
                LogWriteFailed(e, batch.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} weather history entries; they are dropped")]
    private partial void LogWriteFailed(Exception exception, int count);
}
