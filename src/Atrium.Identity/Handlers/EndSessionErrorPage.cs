using Atrium.Identity.Connect;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Atrium.Identity.Handlers;

/// <summary>
/// A sign-out request OpenIddict refused (a post-logout URI not registered for the client, a bad
/// <c>id_token_hint</c>) is answered with the sign-in pages' look instead of OpenIddict's plain-text error:
/// a person reads it. Still a 400, no redirect, and the session stands.
/// </summary>
internal sealed class EndSessionErrorPage : IOpenIddictServerHandler<ApplyEndSessionResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyEndSessionResponseContext>()
            .UseSingletonHandler<EndSessionErrorPage>()
            // Ahead of OpenIddict's local (plain-text) error answer; after the redirect handlers, which skip errors.
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessLocalErrorResponse<ApplyEndSessionResponseContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyEndSessionResponseContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is null || string.IsNullOrEmpty(context.Response.Error))
        {
            return;
        }

        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Pages.Render(http, "Sign-out refused", $"""
            <p role="alert">This sign-out request is not valid, so you are still signed in: {Pages.Encode(context.Response.ErrorDescription ?? context.Response.Error)}</p>
            """).ExecuteAsync(http);
        context.HandleRequest();
    }
}
