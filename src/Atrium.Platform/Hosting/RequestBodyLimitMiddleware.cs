using Microsoft.Extensions.Options;

namespace Atrium.Platform.Hosting;

/// <summary>
/// Refuses bodies over the limit with a 413 in the API's error shape. Kestrel enforces the same
/// limit; this also covers declared lengths up front and hosts without Kestrel (the test server).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorBody.For("body", "is too large"));
            return;
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }

        await next(context);
    }
}
