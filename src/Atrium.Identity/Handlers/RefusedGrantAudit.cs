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
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        // A refused code or refresh token surfaces here as invalid_grant or, with some handler sets, as
        // the invalid_token the client later sees as invalid_grant: both are a refused grant.
        if (context.Error is Errors.InvalidGrant or Errors.InvalidToken && context.Request?.GrantType is { } grant)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            await audit.RecordAsync(AuditKinds.GrantRefused + ":" + grant, context.Request.ClientId, subject: null, scopes: null, http, context.CancellationToken);
        }
    }
}
