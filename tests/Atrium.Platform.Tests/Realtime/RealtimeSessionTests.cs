using System.Net;
using System.Net.Http.Json;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Atrium.Platform.Tests.Realtime;

/// <summary>The hubs accept the browser session cookie too, but only from the server's own pages.</summary>
public sealed class RealtimeSessionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_session_cookie_opens_a_signed_in_hub_from_the_own_origin_only()
    {
        var cookie = await SignUpAsync();
        var own = app.Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(cookie, origin: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(cookie, own)).StatusCode);
        // Another site's page (or a sibling subdomain, which SameSite=Lax would let the cookie reach) is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await NegotiateAsync(cookie, "https://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await NegotiateAsync("atrium_session=forged", origin: null)).StatusCode);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string cookie, string? origin)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/jobs/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookie);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request);
    }

    private async Task<string> SignUpAsync()
    {
        var client = app.CreateClient();
        var session = await (await client.GetAsync("/session")).JsonAsync(HttpStatusCode.OK);
        var username = Api.Unique("live");
        var request = new HttpRequestMessage(HttpMethod.Post, "/session/sign-up")
        {
            Content = JsonContent.Create(new { username, email = $"{username}@example.com", password = "password123" }),
        };
        request.Headers.Add(WebSessionDefaults.AntiforgeryHeader, (string)session["antiforgeryToken"]!);
        var response = await client.SendAsync(request);
        await response.JsonAsync(HttpStatusCode.Created);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebSessionDefaults.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }
}
