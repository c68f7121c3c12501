namespace Atrium.Platform.RateLimiting;

/// <summary>Named policies endpoints (or their groups) opt into with <c>RequireRateLimiting(...)</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Login and registration: per client IP, stricter than the general tier.</summary>
    public const string Auth = "auth";

    /// <summary>Password-reset requests: per client IP, the strictest.</summary>
    public const string PasswordReset = "password-reset";
}
