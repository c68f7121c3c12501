using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Accounts;

public sealed class AuthOptions
{
    public const string SectionName = "Atrium:Auth";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes. Required outside Development; never in the repo.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "atrium";

    [Required]
    public string Audience { get; set; } = "atrium-api";

    /// <summary>Access tokens are short-lived; clients renew them with a refresh token.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The link mailed for a password reset; <c>{token}</c> is replaced by the (URL-safe) secret.</summary>
    [Required]
    public string PasswordResetUrl { get; set; } = "http://localhost:5080/reset-password?token={token}";
}
