using Atrium.Platform.RateLimiting;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Atrium.Identity.Handlers;

/// <summary>
/// The token endpoint under the login tier (per client address): OpenIddict answers it inside the
/// authentication middleware, before the rate limiter, so a wrong client secret would otherwise be free to retry.
/// </summary>
internal sealed class TokenEndpointRateLimit(AuthTierLimiter limiter) : IOpenIddictServerHandler<ExtractTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractTokenRequestContext>()
            .UseSingletonHandler<TokenEndpointRateLimit>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractTokenRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is not null && await limiter.AcquireAsync(http) is { } refused)
        {
            await refused.ExecuteAsync(http);
            context.HandleRequest();
        }
    }
}
