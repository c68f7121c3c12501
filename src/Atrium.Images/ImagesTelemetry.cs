using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Images;

/// <summary>
/// The module's meter and activity source, both named <c>Atrium.Images</c>: request and processing
/// durations by phase, cache lookups by result, queue depth, rejections by reason, bytes in and out.
/// </summary>
public sealed class ImagesTelemetry
{
    public const string Name = "Atrium.Images";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private long _processedCount;

    public ImagesTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _duration = meter.CreateHistogram<double>("atrium.images.duration", "s", "Time spent per phase: fetch, queue, process, cache, upload_check, request_hit, request_miss");
        _cacheLookups = meter.CreateCounter<long>("atrium.images.cache.lookups", "{lookup}", "Result cache lookups, by result (hit, miss) and tier");
        _processed = meter.CreateCounter<long>("atrium.images.processed", "{image}", "Transforms run through libvips");
        _rejected = meter.CreateCounter<long>("atrium.images.rejected", "{request}", "Requests refused, by reason (too_big, pixels, frames, type, decode, overload, timeout, limits)");
        _bytesIn = meter.CreateCounter<long>("atrium.images.bytes.in", "By", "Uploaded bytes accepted");
        _bytesOut = meter.CreateCounter<long>("atrium.images.bytes.out", "By", "Result bytes sent");
        meter.CreateObservableGauge("atrium.images.queue.depth", () => QueueDepth?.Invoke() ?? 0, "{request}", "Transforms waiting for a processing slot");
    }

    /// <summary>How many transforms ran in this process: the count a test compares across a cache hit.</summary>
    public long ProcessedCount => Interlocked.Read(ref _processedCount);

    internal Func<int>? QueueDepth { get; set; }

    public void Phase(string phase, TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));

    public void CacheLookup(bool hit, string tier) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"), new KeyValuePair<string, object?>("tier", tier));

    public void Processed()
    {
        Interlocked.Increment(ref _processedCount);
        _processed.Add(1);
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void BytesIn(long bytes) => _bytesIn.Add(bytes);

    public void BytesOut(long bytes) => _bytesOut.Add(bytes);
}
