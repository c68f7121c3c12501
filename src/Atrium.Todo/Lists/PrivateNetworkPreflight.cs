using Microsoft.AspNetCore.Hosting;

namespace Atrium.Todo.Lists;

/// <summary>
/// Chromium asks before a public page (the todobackend.com runner) calls a private or local address
/// (a list on localhost): its CORS preflight carries <c>Access-Control-Request-Private-Network: true</c>
/// and needs <c>Access-Control-Allow-Private-Network: true</c> back. ASP.NET Core's CORS does not speak
/// it, so this answers it, for the list API only, ahead of the pipeline (the CORS middleware ends preflights).
/// </summary>
internal sealed class PrivateNetworkPreflight : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var request = context.Request;
            if (HttpMethods.IsOptions(request.Method)
                && request.Path.StartsWithSegments("/api/todo-lists")
                && string.Equals(request.Headers["Access-Control-Request-Private-Network"], "true", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers["Access-Control-Allow-Private-Network"] = "true";
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
