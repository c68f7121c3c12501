using System.Diagnostics.Metrics;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// The <c>Atrium.RateLimiting</c> meter: <c>atrium.rate_limit.rejections</c>, requests answered 429,
/// by <c>limiter</c> — <c>request</c> (the global or a named policy's limiter) or <c>login_lockout</c>
/// (an account locked after failed logins). ASP.NET Core's own <c>aspnetcore.rate_limiting.*</c>
/// metrics tell the global limiter from the endpoint policies.
/// </summary>
public sealed class RateLimitMetrics
{
    public const string MeterName = "Atrium.RateLimiting";

    private static readonly KeyValuePair<string, object?> Request = new("limiter", "request");
    private static readonly KeyValuePair<string, object?> LoginLockout = new("limiter", "login_lockout");

    private readonly Counter<long> _rejections;

    public RateLimitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>("atrium.rate_limit.rejections", "{request}", "Requests refused with 429, by limiter");
    }

    internal void RequestRejected() => _rejections.Add(1, Request);

    internal void LoginLockedOut() => _rejections.Add(1, LoginLockout);
}
