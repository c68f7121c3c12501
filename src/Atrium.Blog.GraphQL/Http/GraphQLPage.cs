using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>
/// The query page (GET /graphql from a browser): one self-contained HTML file shipped in the
/// assembly, so it works offline. Its own CSP allows exactly its inline script and style by hash.
/// </summary>
internal static partial class GraphQLPage
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
        var policy = $"default-src 'none'; script-src {Hashes(Script(), html)}; style-src {Hashes(Style(), html)}; " +
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (Encoding.UTF8.GetBytes(html), policy);
    }

    private static string Hashes(Regex pattern, string html) => string.Join(' ', pattern.Matches(html).Select(m =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["content"].Value)))}'"));

    [GeneratedRegex("<script>(?<content>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex Script();

    [GeneratedRegex("<style>(?<content>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Style();
}
