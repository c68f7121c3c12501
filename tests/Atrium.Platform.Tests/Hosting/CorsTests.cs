using System.Net;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// Browser front ends on a configured origin (any RealWorld client) can call the API; other origins,
/// and every route outside /api and /graphql, get no CORS headers. Unconfigured, only Development is open.
/// </summary>
public sealed class CorsTests(CorsTests.FrontEndApp app) : IClassFixture<CorsTests.FrontEndApp>
{
    private const string FrontEnd = "http://localhost:4200";

    [Theory]
    [InlineData("/api/articles")]
    [InlineData("/graphql")]
    public async Task A_preflight_from_the_configured_origin_is_allowed(string path)
    {
        var response = await app.CreateClient().SendAsync(Preflight(path, FrontEnd));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(FrontEnd, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_error_answer_still_carries_the_cors_header()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Add("Origin", FrontEnd);
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(FrontEnd, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers()
    {
        var response = await app.CreateClient().SendAsync(Preflight("/api/articles", "https://evil.example"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Routes_outside_the_api_answer_no_other_origin(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", FrontEnd);
        var response = await app.CreateClient().SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), path);
    }

    [Fact]
    public async Task Unconfigured_only_development_is_open()
    {
        using var production = new SqliteApp();
        var closed = await production.CreateClient().SendAsync(Preflight("/api/articles", FrontEnd));
        Assert.False(closed.Headers.Contains("Access-Control-Allow-Origin"));

        using var development = new SqliteApp().WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var open = await development.CreateClient().SendAsync(Preflight("/api/articles", FrontEnd));
        Assert.Equal("*", open.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    /// <summary>A RealWorld front end served from another origin, configured the way an operator would.</summary>
    public sealed class FrontEndApp : SqliteApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Atrium:Cors:AllowedOrigins:0", FrontEnd);
        }
    }
}
