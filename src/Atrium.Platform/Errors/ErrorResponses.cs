using Atrium.Platform.Json;

namespace Atrium.Platform.Errors;

public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext httpContext, int statusCode, ErrorBody body)
    {
        httpContext.Response.StatusCode = statusCode;
        return httpContext.Response.WriteAsJsonAsync(body, PlatformJsonContext.Default.ErrorBody, contentType: null, httpContext.RequestAborted);
    }
}
