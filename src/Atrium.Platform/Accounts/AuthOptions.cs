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

    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
