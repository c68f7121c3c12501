using Microsoft.Extensions.Options;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// Rate limits, bound from <c>Atrium:RateLimits</c>. The general tiers stop floods, not users: their
/// defaults sit above what one instance serves on the reference machine, so load tests and the
/// RealWorld suite never meet them. The auth tiers are the strict ones (brute force).
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Atrium:RateLimits";

    /// <summary>Off: no limiter in the pipeline and no login lock-out.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every request of a caller without a valid token, per client IP (IPv6: per /64).</summary>
    public RateLimitTier Anonymous { get; set; } = new() { PermitLimit = 5_000_000, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Every request of a signed-in caller, per user, whatever the IP.</summary>
    public RateLimitTier Authenticated { get; set; } = new() { PermitLimit = 5_000_000, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Login and registration, per client IP, on top of the general tier.</summary>
    public RateLimitTier Auth { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Password-reset requests, per client IP.</summary>
    public RateLimitTier PasswordReset { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Failed logins per account (normalised e-mail), from any IP; at the limit the account's logins are refused.</summary>
    public RateLimitTier LoginFailures { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>How long a request waits for Redis before this instance counts on its own.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    internal IEnumerable<(string Name, RateLimitTier Tier)> Tiers =>
    [
        (nameof(Anonymous), Anonymous), (nameof(Authenticated), Authenticated), (nameof(Auth), Auth),
        (nameof(PasswordReset), PasswordReset), (nameof(LoginFailures), LoginFailures),
    ];
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> (a fixed window from the first request).</summary>
public sealed class RateLimitTier
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>Fails the start when a tier is unusable (the binder cannot check nested objects by attributes).</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        foreach (var (tierName, tier) in options.Tiers)
        {
            if (tier.PermitLimit < 1)
            {
                failures.Add($"{RateLimitOptions.SectionName}:{tierName}:PermitLimit must be at least 1 (got {tier.PermitLimit}).");
            }

            if (tier.Window < TimeSpan.FromSeconds(1) || tier.Window > MaxWindow)
            {
                failures.Add($"{RateLimitOptions.SectionName}:{tierName}:Window must be between 00:00:01 and 1.00:00:00 (got {tier.Window}).");
            }
        }

        if (options.RedisTimeout <= TimeSpan.Zero || options.RedisTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{RateLimitOptions.SectionName}:RedisTimeout must be between 0 and 30 seconds (got {options.RedisTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
