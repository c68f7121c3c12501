using System.Security.Claims;
using Atrium.Identity.Audit;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Connect;

/// <summary>
/// <c>/connect/token</c>, after OpenIddict has authenticated the client, checked PKCE, the redirect URI and
/// the code's or refresh token's one-time use. Code and refresh: the account must still stand (not
/// disabled, no reset since), and the new tokens carry its current name. Client credentials: a token for
/// the client itself, with the scopes it asked for among those it was registered with.
/// </summary>
public static class Exchange
{
    public const string Path = "/connect/token";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();

    public static async Task<IResult> HandleAsync(
        HttpContext http, IOpenIddictApplicationManager applications, AccountsDbContext accounts, IdentityAudit audit, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, ct)
                ?? throw new InvalidOperationException("OpenIddict authenticated the client, so it exists.");
            var identity = AccountClaims.ForClient(request.ClientId!, await applications.GetDisplayNameAsync(application, ct), request.GetScopes());
            await audit.RecordAsync(AuditKinds.ClientCredentials, request.ClientId, request.ClientId, request.GetScopes(), http, ct);
            return SignIn(identity);
        }

        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Authorize.Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
        }

        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        if (await AccountClaims.StandingUserAsync(principal, accounts, ct) is not { } user)
        {
            return Authorize.Refuse(Errors.InvalidGrant, "The account is disabled or its tokens were revoked.");
        }

        var redeemed = principal!;
        // The code (and the refresh tokens after it) carry the authorization's auth_time on to every id token.
        var authTime = long.TryParse(redeemed.GetClaim(Claims.AuthenticationTime), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        var renewed = AccountClaims.For(user, redeemed.GetScopes(), authTime);
        renewed.SetResources(redeemed.GetResources());
        renewed.SetAuthorizationId(redeemed.GetAuthorizationId());
        var kind = request.IsAuthorizationCodeGrantType() ? AuditKinds.CodeRedeemed : AuditKinds.RefreshRedeemed;
        await audit.RecordAsync(kind, request.ClientId, user.Id.ToString(), redeemed.GetScopes(), http, ct);
        return SignIn(renewed);
    }

    private static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
