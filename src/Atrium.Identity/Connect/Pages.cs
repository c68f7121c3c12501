using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;

namespace Atrium.Identity.Connect;

/// <summary>
/// The sign-in and consent pages: plain server-rendered HTML, no script, forms that post to the server
/// with an antiforgery token. Their own Content-Security-Policy: nothing loads, forms go to this server
/// (and, for consent, on to the client's registered redirect URI, which a browser checks against form-action).
/// </summary>
internal static class Pages
{
    public static IResult Render(HttpContext http, string title, string body, string? redirectOrigin = null)
    {
        var formAction = redirectOrigin is null ? "'self'" : $"'self' {redirectOrigin}";
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; base-uri 'none'; form-action {formAction}; frame-ancestors 'none'";
        http.Response.Headers.CacheControl = "no-store";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>{Encode(title)} · Atrium</title></head>
            <body><main><h1>{Encode(title)}</h1>
            {body}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>The antiforgery field for a form (the cookie half is set on the response).</summary>
    public static string AntiforgeryField(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Hidden(tokens.FormFieldName, tokens.RequestToken);
    }

    public static string Hidden(string name, string? value) =>
        $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    /// <summary>
    /// An OpenID Connect request's own parameters, to carry through a form: without the form's buttons
    /// (<paramref name="skip"/>) and the antiforgery and other framework fields (<c>__…</c>).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> RequestFields(OpenIddictRequest request, params string[] skip) =>
        request.GetParameters()
            .Where(p => !skip.Contains(p.Key) && !p.Key.StartsWith("__", StringComparison.Ordinal))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));

    public static string Hidden(IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var html = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            html.Append(Hidden(name, value)).Append('\n');
        }

        return html.ToString();
    }
}
