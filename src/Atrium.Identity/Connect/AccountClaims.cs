using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Connect;

/// <summary>
/// What a token says about an account: <c>sub</c> is the account id (what every module's
/// <see cref="CurrentUser"/> reads), <c>tv</c> its token version (so a password reset or a disable
/// revokes OAuth tokens too), profile and e-mail claims only with their scopes.
/// </summary>
internal static class AccountClaims
{
    /// <summary>
    /// The account a token's principal names, if it still stands for it: it exists, is not disabled, and
    /// its token version is the one the token was issued at (a reset or a disable since revokes the token).
    /// </summary>
    public static async Task<AccountUser?> StandingUserAsync(ClaimsPrincipal? principal, AccountsDbContext accounts, CancellationToken ct) =>
        principal is not null && Guid.TryParse(principal.GetClaim(Claims.Subject), out var userId)
        && int.TryParse(principal.GetClaim(TokenIssuer.TokenVersionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? await accounts.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.TokenVersion == version && u.DisabledAt == null, ct)
            : null;

    /// <param name="authTime">When the user signed in (<c>auth_time</c> in the id token), if the client asked.</param>
    public static ClaimsIdentity For(AccountUser user, ImmutableArray<string> scopes, DateTimeOffset? authTime = null)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(TokenIssuer.TokenVersionClaim, user.TokenVersion.ToString(CultureInfo.InvariantCulture));
        if (authTime is { } at)
        {
            // A number in the token, as the spec has it (a plain string claim would be written as a string).
            identity.AddClaim(new Claim(Claims.AuthenticationTime, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, user.Username).SetClaim(Claims.PreferredUsername, user.Username);
        }

        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email);
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(Destinations);
        return identity;
    }

    /// <summary>A client's own token (client credentials): its subject is the client, never an account.</summary>
    public static ClaimsIdentity ForClient(string clientId, string? displayName, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, displayName ?? clientId);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [OpenIddictConstants.Destinations.AccessToken]);
        return identity;
    }

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Subject => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Name or Claims.PreferredUsername or Claims.Email =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        TokenIssuer.TokenVersionClaim => [OpenIddictConstants.Destinations.AccessToken],
        Claims.AuthenticationTime => [OpenIddictConstants.Destinations.IdentityToken],
        // Everything else (OpenIddict's private claims are handled by OpenIddict itself) stays on the server.
        _ => [],
    };
}
