using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>The client address comes from X-Forwarded-For only when it was sent by a configured proxy.</summary>
public sealed class ForwardedHeadersTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly (string, string) Limit = ("Atrium:RateLimits:Anonymous:PermitLimit", "2");

    [Fact]
    public async Task Without_known_proxies_x_forwarded_for_is_ignored()
    {
        using var host = app.WithSettings(Limit);
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Forwarded(host.From("10.0.0.1"), $"203.0.113.{i}").GetAsync("/api/tags")).StatusCode);
        }

        // A fresh forged address does not buy a fresh bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Forwarded(host.From("10.0.0.1"), "203.0.113.99").GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_bucket()
    {
        using var host = app.WithSettings(Limit, ("Atrium:Http:KnownProxies:0", "10.0.0.1"));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Forwarded(host.From("10.0.0.1"), "203.0.113.1").GetAsync("/api/tags")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await Forwarded(host.From("10.0.0.1"), "203.0.113.1").GetAsync("/api/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Forwarded(host.From("10.0.0.1"), "203.0.113.2").GetAsync("/api/tags")).StatusCode);
        // The same header from a machine that is not the proxy is not believed.
        var stranger = Forwarded(host.From("192.0.2.50"), "203.0.113.3");
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/api/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/api/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Forwarded(host.From("192.0.2.50"), "203.0.113.4").GetAsync("/api/tags")).StatusCode);
    }

    private static HttpClient Forwarded(HttpClient client, string forwardedFor)
    {
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
