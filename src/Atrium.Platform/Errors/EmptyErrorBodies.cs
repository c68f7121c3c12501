using Microsoft.AspNetCore.Diagnostics;

namespace Atrium.Platform.Errors;

/// <summary>
/// Gives the framework's own bodiless 4xx answers (no route, wrong method, not JSON, too large)
/// the API's error shape, so every client error can be read the same way.
/// </summary>
public static class EmptyErrorBodies
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode is < 400 or >= 500 || response.HasStarted || response.ContentLength > 0)
        {
            return Task.CompletedTask;
        }

        var body = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ErrorBody.For("request", "no such endpoint"),
            StatusCodes.Status405MethodNotAllowed => ErrorBody.For("request", "method not allowed here"),
            StatusCodes.Status413PayloadTooLarge => ErrorBody.For("body", "is too large"),
            StatusCodes.Status415UnsupportedMediaType => ErrorBody.For("body", "must be application/json"),
            _ => ErrorBody.For("request", "is invalid"),
        };
        return ErrorResponses.WriteClientErrorAsync(context.HttpContext, response.StatusCode, body);
    }
}
