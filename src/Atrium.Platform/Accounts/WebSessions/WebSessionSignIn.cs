using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Platform.Accounts.WebSessions;

/// <summary>Something a module does when a browser signs in or up (the Todo module claims the visitor's guest list).</summary>
public interface IWebSessionListener
{
    Task SignedInAsync(HttpContext context, Guid userId, CancellationToken ct);
}

/// <summary>Starts and ends browser sessions: each is a row in <c>accounts.refresh_tokens</c> that its cookie names.</summary>
public sealed class WebSessionSignIn(RefreshTokens refreshTokens, IEnumerable<IWebSessionListener> listeners)
{
    /// <summary>Stages the session row for <paramref name="user"/>; saved with the caller's SaveChanges.</summary>
    public RefreshToken Stage(AccountUser user) => refreshTokens.StageSession(user);

    /// <summary>Sets the cookie for a session whose row is saved, then lets the modules react.</summary>
    public async Task StartAsync(HttpContext context, AccountUser user, RefreshToken session, CancellationToken ct)
    {
        // Signing in over an existing session replaces it: the old row must not outlive its cookie.
        if (Guid.TryParse(context.User.FindFirstValue(WebSessionDefaults.SessionClaim), out var previous))
        {
            await refreshTokens.RevokeSessionAsync(previous, ct);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new Claim(JwtRegisteredClaimNames.UniqueName, user.Username),
            new Claim(TokenIssuer.TokenVersionClaim, user.TokenVersion.ToString(CultureInfo.InvariantCulture)),
            new Claim(WebSessionDefaults.SessionClaim, session.Id.ToString()),
        ], WebSessionDefaults.Scheme, JwtRegisteredClaimNames.UniqueName, null);
        var principal = new ClaimsPrincipal(identity);
        await context.SignInAsync(WebSessionDefaults.Scheme, principal,
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt, AllowRefresh = false });
        context.User = principal;
        foreach (var listener in listeners)
        {
            await listener.SignedInAsync(context, user.Id, ct);
        }
    }

    /// <summary>Revokes the caller's session row (a copied cookie dies with it) and clears the cookie.</summary>
    public Task EndAsync(HttpContext context, CancellationToken ct) => EndAsync(context, context.User, ct);

    /// <summary>Ends the browser session <paramref name="session"/> names, for endpoints whose user is not the session's.</summary>
    public async Task EndAsync(HttpContext context, ClaimsPrincipal? session, CancellationToken ct)
    {
        if (Guid.TryParse(session?.FindFirstValue(WebSessionDefaults.SessionClaim), out var id))
        {
            await refreshTokens.RevokeSessionAsync(id, ct);
        }

        await context.SignOutAsync(WebSessionDefaults.Scheme);
    }
}
