using System.Text;
using Atrium.Platform.Security;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>
/// The query page (GET /graphql from a browser): one self-contained HTML file shipped in the
/// assembly, so it works offline. Its own CSP allows exactly its inline script and style by hash.
/// </summary>
internal static class GraphQLPage
{
    private static readonly Lazy<(byte[] Html, string Policy)> Page = new(Load);

    public static async Task WriteAsync(HttpContext context)
    {
        var (html, policy) = Page.Value;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = policy;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(html, context.RequestAborted);
    }

    private static (byte[], string) Load()
    {
        using var stream = typeof(GraphQLPage).Assembly.GetManifestResourceStream("Atrium.Blog.GraphQL.graphiql.html")
            ?? throw new InvalidOperationException("The GraphQL page is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var html = reader.ReadToEnd();
        var policy = $"default-src 'none'; script-src {SecurityHeadersMiddleware.InlineScripts(html)}; style-src {SecurityHeadersMiddleware.InlineStyles(html)}; " +
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (Encoding.UTF8.GetBytes(html), policy);
    }
}
