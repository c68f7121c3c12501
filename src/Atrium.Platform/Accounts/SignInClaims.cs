using System.Globalization;
using System.Security.Claims;
using Atrium.Platform.Accounts.WebSessions;

namespace Atrium.Platform.Accounts;

/// <summary>
/// What a principal was signed in with: the account, the token version it was issued at, and, for a
/// browser session, the session row. Equal sign-ins compare equal, so a caller checking many (the hub
/// connections) asks once per distinct one.
/// </summary>
public readonly record struct SignInClaims(Guid? UserId, int? TokenVersion, Guid? SessionId)
{
    public static SignInClaims Of(ClaimsPrincipal? user) => new(
        user is null ? null : CurrentUser.From(user).Id,
        int.TryParse(user?.FindFirst(TokenIssuer.TokenVersionClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null,
        // Only a browser session's identity names a session row (another issuer's sid claim is not one).
        user?.Identity?.AuthenticationType == WebSessionDefaults.Scheme
            && Guid.TryParse(user.FindFirst(WebSessionDefaults.SessionClaim)?.Value, out var session) ? session : null);

    /// <summary>
    /// Whether the sign-in still stands: the account exists, is not disabled and its token version is
    /// current (<see cref="TokenAuthentication.StandingAsync"/>), and a browser session's row is still live.
    /// </summary>
    public async Task<bool> StandsAsync(AccountsDbContext db, RefreshTokens sessions, CancellationToken ct) =>
        this is { UserId: { } userId, TokenVersion: { } version }
        && await TokenAuthentication.StandingAsync(db, userId, version, ct) is not null
        && (SessionId is not { } sessionId || await sessions.IsLiveAsync(sessionId, userId, ct));
}
