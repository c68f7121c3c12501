using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// The <see cref="RateLimitPolicies.Auth"/> tier (per client address) for a handler that answers inside
/// the authentication middleware, ahead of the rate limiter: the OAuth token endpoint.
/// </summary>
public sealed class AuthTierLimiter
{
    private readonly TierLimiters _limiters;
    private readonly RateLimitMetrics _metrics;
    private readonly bool _enabled;

    internal AuthTierLimiter(TierLimiters limiters, IOptions<RateLimitOptions> options, RateLimitMetrics metrics)
    {
        _limiters = limiters;
        _metrics = metrics;
        _enabled = options.Value.Enabled;
    }

    /// <summary>Null when the request may go on, else the 429 to answer.</summary>
    public async ValueTask<TooManyRequestsError?> AcquireAsync(HttpContext context)
    {
        if (!_enabled)
        {
            return null;
        }

        using var lease = await _limiters.Auth.AcquireAsync(context, 1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            return null;
        }

        _metrics.RequestRejected();
        return new TooManyRequestsError(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1));
    }
}
