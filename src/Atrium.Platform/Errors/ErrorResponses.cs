using Atrium.Platform.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Errors;

public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext httpContext, int statusCode, ErrorBody body)
    {
        httpContext.Response.StatusCode = statusCode;
        return httpContext.Response.WriteAsJsonAsync(body, PlatformJsonContext.Default.ErrorBody, contentType: null, httpContext.RequestAborted);
    }

    /// <summary>
    /// A client error the platform detected before any handler ran: in the shape registered for the
    /// request's path (<see cref="ClientErrorShape"/>), else the API's.
    /// </summary>
    public static Task WriteClientErrorAsync(HttpContext httpContext, int statusCode, ErrorBody body)
    {
        foreach (var shape in httpContext.RequestServices.GetServices<ClientErrorShape>())
        {
            if (httpContext.Request.Path.StartsWithSegments(shape.PathPrefix))
            {
                httpContext.Response.StatusCode = statusCode;
                return shape.Write(httpContext, statusCode, body);
            }
        }

        return WriteAsync(httpContext, statusCode, body);
    }
}
