using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Caching;

/// <summary>
/// Invalidations that could not reach Redis after their write committed, retried every second
/// until they land. While any is pending, this instance reads nothing from the cache.
/// </summary>
internal sealed partial class PendingInvalidations(ITagStamps stamps, ILogger<PendingInvalidations> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _tags = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _any;

    /// <summary>Read on every cached read, so a plain flag rather than the dictionary.</summary>
    public bool Any => _any;

    public void Add(IReadOnlyList<string> tags)
    {
        lock (_lock)
        {
            _generation++;
            foreach (var tag in tags)
            {
                _tags[tag] = _generation;
            }

            _any = true;
        }

        LogPending(logger, tags.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            KeyValuePair<string, long>[] batch;
            lock (_lock)
            {
                batch = [.. _tags];
            }

            if (batch.Length == 0 || !await stamps.InvalidateAsync([.. batch.Select(t => t.Key)], stoppingToken))
            {
                continue;
            }

            lock (_lock)
            {
                // A tag added again meanwhile (a newer write) stays for the next round.
                foreach (var (tag, generation) in batch)
                {
                    if (_tags.TryGetValue(tag, out var current) && current == generation)
                    {
                        _tags.Remove(tag);
                    }
                }

                _any = _tags.Count > 0;
            }

            LogDelivered(logger, batch.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cache invalidation of {TagCount} tag(s) could not reach Redis after a write; retrying every second, and this instance bypasses the cache until it lands")]
    private static partial void LogPending(ILogger logger, int tagCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delayed cache invalidation of {TagCount} tag(s) delivered")]
    private static partial void LogDelivered(ILogger logger, int tagCount);
}
