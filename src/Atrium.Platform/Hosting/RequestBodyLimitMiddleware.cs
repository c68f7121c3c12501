using Microsoft.AspNetCore.Http.Metadata;
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
        // An endpoint may state its own limit (an upload), as Kestrel honours it too.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ErrorResponses.WriteClientErrorAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorBody.For("body", "is too large"));
            return;
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }

        await next(context);
    }
}
