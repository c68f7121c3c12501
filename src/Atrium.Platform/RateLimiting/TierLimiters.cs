using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Atrium.Platform.Redis;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// Builds every limiter from its tier: counted in Redis when <c>ConnectionStrings:Redis</c> is set
/// (shared by all instances), else in this process. Owns the partitioned limiters it hands out.
/// </summary>
internal sealed class TierLimiters : IDisposable
{
    private readonly RedisWindowCounter _counter;
    private readonly bool _redis;
    private readonly List<IDisposable> _owned = [];

    public TierLimiters(RedisWindowCounter counter, RedisConnection redis, IOptions<RateLimitOptions> options)
    {
        _counter = counter;
        _redis = redis.IsConfigured;
        var settings = options.Value;
        Global = Own(PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var (key, authenticated) = ClientKeys.Caller(context);
            return authenticated
                ? Partition(nameof(settings.Authenticated), settings.Authenticated, key)
                : Partition(nameof(settings.Anonymous), settings.Anonymous, key);
        }));
        Auth = Own(PartitionedRateLimiter.Create<HttpContext, string>(context =>
            Partition(nameof(settings.Auth), settings.Auth, ClientKeys.Address(context))));
        // E-mails are hashed: no address ends up in Redis keys, and key length stays bounded.
        LoginFailures = Own(PartitionedRateLimiter.Create<string, string>(normalizedEmail =>
            Partition(nameof(settings.LoginFailures), settings.LoginFailures, "account:" + Hash(normalizedEmail))));
    }

    /// <summary>Every request: per user with a valid token, else per client address.</summary>
    public PartitionedRateLimiter<HttpContext> Global { get; }

    /// <summary>The <see cref="RateLimitPolicies.Auth"/> tier, for requests answered before endpoint routing's limiter runs.</summary>
    public PartitionedRateLimiter<HttpContext> Auth { get; }

    /// <summary>Failed logins per normalised e-mail.</summary>
    public PartitionedRateLimiter<string> LoginFailures { get; }

    public RateLimitPartition<string> Partition(string tierName, RateLimitTier tier, string partition) =>
        RateLimitPartition.Get($"{tierName.ToLowerInvariant()}:{partition}", key =>
            _redis ? new RedisWindowLimiter(_counter, key, tier) : InMemory(tier, autoReplenish: false));

    /// <summary>
    /// A window counted in this process. Inside a partitioned limiter the partition timer replenishes it;
    /// standing alone (a Redis fallback) it needs its own timer.
    /// </summary>
    public static FixedWindowRateLimiter InMemory(RateLimitTier tier, bool autoReplenish) => new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = tier.PermitLimit,
        Window = tier.Window,
        QueueLimit = 0,
        AutoReplenishment = autoReplenish,
    });

    public void Dispose()
    {
        foreach (var limiter in _owned)
        {
            limiter.Dispose();
        }
    }

    private T Own<T>(T limiter) where T : IDisposable
    {
        _owned.Add(limiter);
        return limiter;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
