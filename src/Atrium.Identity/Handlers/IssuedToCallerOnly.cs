using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Atrium.Identity.Handlers;

/// <summary>
/// Introspection and revocation only by the client a token was issued to (RFC 7662 §4, RFC 7009 §2.1).
/// OpenIddict's own check applies only to access tokens that also name audiences, and Atrium's name none,
/// so without this any registered client could read another client's token claims or revoke its tokens.
/// A refusal is OpenIddict's invalid_token, which both endpoints answer without details.
/// </summary>
internal static class IssuedToCallerOnly
{
    public static OpenIddictServerHandlerDescriptor Introspection { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionHandler>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor Revocation { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateRevocationRequestContext>()
            .UseSingletonHandler<RevocationHandler>()
            .SetOrder(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    // A token without presenters names no client (none is issued so); it is left to OpenIddict's rules.
    private static bool IssuedTo(ClaimsPrincipal? token, string? clientId) =>
        token is null || string.IsNullOrEmpty(clientId) || token.GetPresenters().IsDefaultOrEmpty
        || token.HasPresenter(clientId) || token.HasAudience(clientId);

    private const string NotYours = "The token was not issued to this client.";

    internal sealed class IntrospectionHandler : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            if (!IssuedTo(context.GenericTokenPrincipal, context.ClientId))
            {
                context.Reject(Errors.InvalidToken, NotYours);
            }

            return default;
        }
    }

    internal sealed class RevocationHandler : IOpenIddictServerHandler<ValidateRevocationRequestContext>
    {
        public ValueTask HandleAsync(ValidateRevocationRequestContext context)
        {
            if (!IssuedTo(context.GenericTokenPrincipal, context.ClientId))
            {
                context.Reject(Errors.InvalidToken, NotYours);
            }

            return default;
        }
    }
}
