using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>Browser front ends on another origin (any RealWorld client) can call the API.</summary>
public sealed class CorsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_preflight_from_another_origin_is_allowed()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/articles");
        request.Headers.Add("Origin", "http://localhost:4200");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_error_answer_still_carries_the_cors_header()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Add("Origin", "http://localhost:4200");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
