using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// One partition's limiter whose count lives in Redis (<see cref="RedisWindowCounter"/>). Deciding
/// needs a round trip, so a synchronous attempt reports "not acquired" and callers await
/// <see cref="RateLimiter.AcquireAsync"/> (the ASP.NET Core middleware does exactly that). When Redis
/// cannot answer, an in-memory window with the same limits decides for this instance.
/// </summary>
internal sealed class RedisWindowLimiter(RedisWindowCounter counter, string key, RateLimitTier tier) : RateLimiter
{
    private readonly Lazy<FixedWindowRateLimiter> _fallback = new(() => TierLimiters.InMemory(tier, autoReplenish: true));
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration =>
        _fallback.IsValueCreated ? _fallback.Value.IdleDuration : Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, tier.PermitLimit);
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        var decision = await counter.TryTakeAsync(key, permitCount, tier, cancellationToken);
        if (decision is null)
        {
            // No queue: an attempt decides at once (an awaited zero-permit request would wait for the next window).
            return _fallback.Value.AttemptAcquire(permitCount);
        }

        return decision.Taken ? WindowLease.Acquired : WindowLease.Rejected(decision.WindowEndsIn);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _fallback.IsValueCreated)
        {
            _fallback.Value.Dispose();
        }

        base.Dispose(disposing);
    }
}

internal sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly WindowLease Acquired = new(true, null);

    public static readonly WindowLease Undecided = new(false, null);

    public static WindowLease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }
}
