namespace Atrium.Platform.Accounts.WebSessions;

/// <summary>Names of the browser session: its authentication scheme, cookies and antiforgery header.</summary>
public static class WebSessionDefaults
{
    public const string Scheme = "AtriumSession";

    /// <summary>The session cookie: HttpOnly, SameSite=Lax, Secure when the request is HTTPS.</summary>
    public const string CookieName = "atrium_session";

    /// <summary>The antiforgery cookie (the token's cookie half).</summary>
    public const string AntiforgeryCookieName = "atrium_csrf";

    /// <summary>The header a page sends the request half of the antiforgery token in, on every unsafe request.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    /// <summary>The claim naming the session's row in <c>accounts.refresh_tokens</c>.</summary>
    public const string SessionClaim = "sid";
}
