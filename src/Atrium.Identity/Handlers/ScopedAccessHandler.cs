using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace Atrium.Identity.Handlers;

/// <summary>
/// After OpenIddict has validated an access token (signature, lifetime, its token entry still valid):
/// a user's token must still stand for its account, as a RealWorld token must (same primary-key read);
/// then the principal is marked as limited to its scopes (see <see cref="TokenScopes"/>). Administrator
/// rights are never added: a third-party app acting with a user's consent does not administer Atrium.
/// </summary>
internal sealed class ScopedAccessHandler(AccountsDbContext accounts) : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<ScopedAccessHandler>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.AccessTokenPrincipal is not { Identity: ClaimsIdentity identity } principal)
        {
            return;
        }

        var subject = principal.GetClaim(Claims.Subject);
        var version = principal.GetClaim(TokenIssuer.TokenVersionClaim);
        if (version is not null)
        {
            var stands = Guid.TryParse(subject, out var userId)
                && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenVersion)
                && await TokenAuthentication.StandingAsync(accounts, userId, tokenVersion, context.CancellationToken) is not null;
            if (!stands)
            {
                context.Reject(Errors.InvalidToken, "The account is disabled or its tokens were revoked.");
                return;
            }
        }
        else if (Guid.TryParse(subject, out _))
        {
            // A client's own token never names an account (client ids cannot look like one; this holds even if one did).
            context.Reject(Errors.InvalidToken, "The token's subject is malformed.");
            return;
        }

        identity.AddClaim(new Claim(TokenScopes.ScopedClaim, "true"));
        foreach (var scope in principal.GetScopes())
        {
            identity.AddClaim(new Claim(TokenScopes.ScopeClaim, scope));
        }
    }
}
