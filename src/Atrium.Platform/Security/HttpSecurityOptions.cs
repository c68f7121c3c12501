using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Security;

/// <summary>
/// Transport security (<c>Atrium:Http</c>). TLS itself is Kestrel's: a certificate from
/// <c>Kestrel:Certificates:Default:Path</c>/<c>Password</c> and an <c>https://</c> URL, or a
/// TLS-terminating proxy in front (its forwarded headers are trusted only from <c>Atrium:ForwardedHeaders</c>).
/// </summary>
public sealed class HttpSecurityOptions
{
    public const string SectionName = "Atrium:Http";

    /// <summary>Redirect plain HTTP to HTTPS (307). Off by default: behind a TLS-terminating proxy the proxy does it.</summary>
    public bool HttpsRedirect { get; set; }

    /// <summary>Send <c>Strict-Transport-Security</c> on HTTPS answers outside Development.</summary>
    public bool Hsts { get; set; } = true;

    /// <summary>How long browsers remember to use HTTPS only.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Whether HSTS covers subdomains too.</summary>
    public bool HstsIncludeSubDomains { get; set; }
}
