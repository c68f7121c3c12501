using System.Diagnostics.Metrics;

namespace Atrium.Platform.Caching;

/// <summary>
/// The <c>Atrium.Cache</c> meter: <c>atrium.cache.requests</c> by <c>result</c> — <c>hit</c> (served
/// from memory or Redis), <c>miss</c> (read from the database and cached), <c>bypass</c> (cache off,
/// Redis unreachable or an invalidation pending: read from the database).
/// </summary>
public sealed class CacheMetrics
{
    public const string MeterName = "Atrium.Cache";

    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");
    private static readonly KeyValuePair<string, object?> Bypass = new("result", "bypass");

    private readonly Counter<long> _requests;

    public CacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("atrium.cache.requests", "{request}", "Cache lookups, by result (hit, miss, bypass)");
    }

    internal void Record(CacheResult result) => _requests.Add(1, result switch
    {
        CacheResult.Hit => Hit,
        CacheResult.Miss => Miss,
        _ => Bypass,
    });
}

internal enum CacheResult
{
    Hit,
    Miss,
    Bypass,
}
