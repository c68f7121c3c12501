using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>Security headers on every answer, a hash-based CSP on the HTML pages, HSTS and HTTPS redirection.</summary>
public sealed partial class SecurityHeadersTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/api/tags", HttpStatusCode.OK)]
    [InlineData("/api/user", HttpStatusCode.Unauthorized)]
    [InlineData("/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/health/ready", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers(string path, HttpStatusCode status)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_docs_page_allows_exactly_its_own_inline_script()
    {
        var response = await app.CreateClient().GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var csp = Header(response, "Content-Security-Policy");

        var inline = InlineScript().Matches(html).Select(m => m.Groups[1].Value).Where(s => s.Length > 0).ToList();
        Assert.NotEmpty(inline);
        foreach (var script in inline)
        {
            Assert.Contains($"'sha256-{Hash(script)}'", csp, StringComparison.Ordinal);
        }

        Assert.Contains("script-src 'self' 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline' 'sha256", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'sha256-", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        // The bundle it loads still comes through (not buffered, not blocked).
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/docs/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task The_admin_page_allows_its_inline_style_and_no_script()
    {
        var response = await app.CreateClient().GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var style = StyleElement().Match(html).Groups[1].Value;
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains($"style-src 'sha256-{Hash(style)}'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_answers_carry_hsts_outside_development()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://atrium.example/") });
        var response = await https.GetAsync("/api/tags");
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));

        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://atrium.example/") });
        Assert.False((await http.GetAsync("/api/tags")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Https_redirection_only_when_configured()
    {
        var options = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://atrium.example/"), AllowAutoRedirect = false };
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(options).GetAsync("/api/tags")).StatusCode);

        using var redirecting = app.WithWebHostBuilder(b => b
            .UseSetting("Atrium:Http:HttpsRedirect", "true")
            .UseSetting("https_port", "443"));
        var response = await redirecting.CreateClient(options).GetAsync("/api/tags");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://atrium.example/api/tags", response.Headers.Location?.ToString());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}");

    private static string Hash(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
