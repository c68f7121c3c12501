using System.ComponentModel.DataAnnotations;

namespace Atrium.Identity;

/// <summary><c>Atrium:Identity</c>: the OAuth 2.0 / OpenID Connect authorization server.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Atrium:Identity";

    /// <summary>
    /// RSA keys that sign tokens; the first signs, the others stay in the JWKS so tokens they signed still
    /// validate during a rotation. Each is PEM text, a path to a PEM or PFX file, or base64 of a DER private key.
    /// Required outside Development and Testing.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>
    /// Keys that encrypt access tokens; the first encrypts, all decrypt. Base64 of 32 random bytes (AES key
    /// wrap; recommended: this server is the only one that opens them, and it does so on every request) or
    /// an RSA key in the forms of <see cref="SigningKeys"/>. Required outside Development and Testing.
    /// </summary>
    public List<string> EncryptionKeys { get; set; } = [];

    /// <summary>Password of the PFX files among the keys, if they have one.</summary>
    public string? PfxPassword { get; set; }

    /// <summary>The issuer URL; unset, it is the URL the request came to (behind a proxy, its forwarded scheme and host).</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Short: a code only has to survive one redirect, and it is single-use.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long audit events are kept; older ones are deleted daily by <c>identity.prune</c>.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long refused-grant events (<c>grant_refused:*</c>) are kept: anyone can cause one per request
    /// at the token endpoint's rate limit, so they get a shorter bound than the rest of the audit trail.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RefusedGrantAuditRetention { get; set; } = TimeSpan.FromDays(30);
}
