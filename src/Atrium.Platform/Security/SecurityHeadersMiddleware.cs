using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Atrium.Platform.Security;

/// <summary>
/// Security headers on every answer: <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>,
/// <c>X-Frame-Options: DENY</c> and a Content-Security-Policy. API answers (JSON) get
/// <c>default-src 'none'; frame-ancestors 'none'</c>: nothing in them may load anything. The HTML pages
/// (<c>/docs</c>, <c>/admin</c>) are buffered so their inline scripts and styles can be allowed by hash,
/// never by <c>'unsafe-inline'</c> — except the styles of the docs page, whose script injects them at run time.
/// </summary>
public sealed partial class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    // Scalar (the docs page) loads its bundle from /docs, the OpenAPI document from /openapi, injects
    // its styles at run time and uses the font host Scalar ships with.
    private static string DocsPolicy(string scriptHashes) =>
        $"default-src 'none'; script-src 'self'{scriptHashes}; style-src 'self' 'unsafe-inline'; " +
        "font-src 'self' data: https://fonts.scalar.com; img-src 'self' data: blob:; connect-src 'self'; " +
        "worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Server-rendered pages (the jobs admin page): their own inline styles and scripts, forms to themselves.
    private static string PagePolicy(string html) =>
        $"default-src 'none'; script-src {InlineScripts(html)}; style-src {InlineStyles(html)}; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A CSP source list allowing exactly the page's inline scripts by hash; <c>'none'</c> when it has none.</summary>
    public static string InlineScripts(string html) => OrNone(Hashes(InlineScript(), html));

    /// <summary>A CSP source list allowing exactly the page's inline styles by hash; <c>'none'</c> when it has none.</summary>
    public static string InlineStyles(string html) => OrNone(Hashes(InlineStyle(), html));

    private static string OrNone(string hashes) => hashes.Length == 0 ? "'none'" : hashes.TrimStart();

    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ApiPolicy;
            }

            return Task.CompletedTask;
        });

        if (!ServesHtml(context.Request))
        {
            await next(context);
            return;
        }

        var body = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body;
        }

        if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs")
                ? DocsPolicy(Hashes(InlineScript(), html))
                : PagePolicy(html);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>The pages that answer HTML; their static assets (<c>/docs/scalar.js</c>) are not buffered.</summary>
    private static bool ServesHtml(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method))
        && (request.Path.StartsWithSegments("/admin") || request.Path.Equals("/docs/") || request.Path.Equals("/docs/index.html"));

    private static string Hashes(Regex pattern, string html)
    {
        var result = new StringBuilder();
        foreach (Match match in pattern.Matches(html))
        {
            var content = match.Groups["content"].Value;
            if (content.Length > 0)
            {
                result.Append(" 'sha256-").Append(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))).Append('\'');
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(?<content>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style[^>]*>(?<content>.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}
