using System.Text.Json.Serialization;

namespace Atrium.Identity.Connect;

/// <summary>RFC 6749's error body, as OpenIddict writes its own: <c>{"error":"invalid_request","error_description":"…"}</c>.</summary>
public sealed record OAuthErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>
/// The client errors the platform detects on <c>/connect</c> before OpenIddict runs (a form it cannot
/// parse, a body too large, NUL in the query) in OAuth's shape, so a client library reads them like the rest.
/// </summary>
internal static class OAuthClientErrors
{
    public static ClientErrorShape Shape { get; } = new("/connect", WriteAsync);

    private static Task WriteAsync(HttpContext context, int statusCode, ErrorBody body) =>
        context.Response.WriteAsJsonAsync(
            new OAuthErrorBody(statusCode == StatusCodes.Status401Unauthorized ? "invalid_token" : "invalid_request", $"The {ClientErrorShape.Describe(body)}."),
            IdentityJsonContext.Default.OAuthErrorBody, contentType: null, context.RequestAborted);
}
