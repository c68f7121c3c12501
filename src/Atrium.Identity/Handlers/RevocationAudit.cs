using Atrium.Identity.Audit;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Atrium.Identity.Handlers;

/// <summary>An audit row for each revocation OpenIddict carried out (its endpoint has no passthrough to log from).</summary>
internal sealed class RevocationAudit(IdentityAudit audit) : IOpenIddictServerHandler<ApplyRevocationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyRevocationResponseContext>()
            .UseScopedHandler<RevocationAudit>()
            // Before OpenIddict turns a refused token (invalid_token) into RFC 7009's empty 200: a refusal
            // is not a revocation. (The same order could run either side: its handler sort is not stable.)
            .SetOrder(OpenIddictServerHandlers.Revocation.NormalizeErrorResponse.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyRevocationResponseContext context)
    {
        if (context.Error is null)
        {
            var http = context.Transaction.GetHttpRequest()?.HttpContext;
            await audit.RecordAsync(AuditKinds.TokenRevoked, context.Request?.ClientId, subject: null, scopes: null, http, context.CancellationToken);
        }
    }
}
