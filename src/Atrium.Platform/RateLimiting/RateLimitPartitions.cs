using System.Threading.RateLimiting;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// The platform's tier limiters for a module with its own quota tiers: the same windows (in Redis when
/// configured, shared by every instance; else in this process) keyed by whatever the module partitions by.
/// </summary>
public sealed class RateLimitPartitions
{
    private readonly TierLimiters _limiters;

    internal RateLimitPartitions(TierLimiters limiters) => _limiters = limiters;

    /// <summary>A partition of <paramref name="tier"/>; <paramref name="tierName"/> keeps its windows apart from other tiers'.</summary>
    public RateLimitPartition<string> For(string tierName, RateLimitTier tier, string partition) =>
        _limiters.Partition(tierName, tier, partition);

    /// <summary>The client address the anonymous tiers count by (<c>ip:…</c>, IPv6 per /64).</summary>
    public static string ClientAddress(HttpContext context) => ClientKeys.Address(context);
}
