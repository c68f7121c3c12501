using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// Brute-force protection per account: after <c>LoginFailures:PermitLimit</c> failed logins for one
/// e-mail within the window, every login for it is refused with 429 until the window ends, whatever
/// the caller's IP. Unknown e-mails count the same, so the lock-out does not reveal which accounts exist.
/// </summary>
public sealed class LoginThrottle
{
    private readonly TierLimiters _limiters;
    private readonly RateLimitOptions _options;
    private readonly RateLimitMetrics _metrics;

    internal LoginThrottle(TierLimiters limiters, IOptions<RateLimitOptions> options, RateLimitMetrics metrics)
    {
        _metrics = metrics;
        _limiters = limiters;
        _options = options.Value;
    }

    /// <summary>A 429 when the account is locked out now, else null.</summary>
    public async ValueTask<TooManyRequestsError?> CheckAsync(string normalizedEmail, CancellationToken ct)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        // Zero permits asks without taking. Asynchronously, an in-memory window would queue such a
        // request until it replenishes; only a Redis-backed limiter needs (and gets) the awaited path.
        var lease = _limiters.LoginFailures.AttemptAcquire(normalizedEmail, permitCount: 0);
        if (ReferenceEquals(lease, WindowLease.Undecided))
        {
            lease = await _limiters.LoginFailures.AcquireAsync(normalizedEmail, permitCount: 0, ct);
        }

        using var _ = lease;
        if (lease.IsAcquired)
        {
            return null;
        }

        _metrics.LoginLockedOut();
        return new TooManyRequestsError(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _options.LoginFailures.Window);
    }

    public async ValueTask RecordFailureAsync(string normalizedEmail, CancellationToken ct)
    {
        if (_options.Enabled)
        {
            using var lease = await _limiters.LoginFailures.AcquireAsync(normalizedEmail, permitCount: 1, ct);
        }
    }
}
