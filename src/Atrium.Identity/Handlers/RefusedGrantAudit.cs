using Atrium.Identity.Audit;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Atrium.Identity.Handlers;

/// <summary>
/// An audit row when the token endpoint refuses a code or refresh token (<c>invalid_grant</c>): a replayed
/// code, an expired one, or a rotated refresh token presented again — the reuse OpenIddict answers by
/// revoking the whole grant. Wrong client secrets are left to the rate limiter and the logs.
/// </summary>
internal sealed class RefusedGrantAudit(IdentityAudit audit) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<RefusedGrantAudit>()
            // After OpenIddict turns the token endpoint's invalid_token into invalid_grant. A handler of
            // the same order could run either side of it: OpenIddict's sort of its handlers is not stable.
            .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Error == Errors.InvalidGrant && context.Request?.GrantType is { } grant)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            await audit.RecordAsync(AuditKinds.GrantRefused + ":" + grant, context.Request.ClientId, subject: null, scopes: null, http, context.CancellationToken);
        }
    }
}
