using System.Net;

namespace Atrium.Identity.Tests.Access;

/// <summary>Lifetimes on a server whose clock the test moves.</summary>
public sealed class ExpiryTests(ClockedIdentityServer server) : IClassFixture<ClockedIdentityServer>
{
    [Fact]
    public async Task An_expired_access_token_is_401_and_the_refresh_token_still_renews_it()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid offline_access todo", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid offline_access todo");

        server.Clock.Advance(TimeSpan.FromMinutes(16));

        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
        var renewed = await (await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = (string)tokens["refresh_token"]!,
        })).JsonOkAsync();
        using var again = agent.Bearer((string)renewed["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/todo-lists")).StatusCode);
    }

    [Fact]
    public async Task A_code_older_than_a_minute_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid todo", firstParty: true);
        var pkce = OAuthAgent.NewPkce();
        var code = OAuthAgent.Query(await agent.AuthorizeAsync(client, account, "openid todo", pkce), "code")!;

        server.Clock.Advance(TimeSpan.FromSeconds(61));

        await (await agent.RedeemAsync(client, code, pkce)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task An_expired_id_token_still_serves_as_the_logout_hint()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid", firstParty: true, postLogoutRedirect: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid");

        // Users sign out long after sign-in; the hint only has to name them (RP-Initiated Logout 1.0, 2).
        server.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await agent.IsSignedInAsync());

        var back = await agent.BrowseAsync("/connect/logout" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["id_token_hint"] = (string)tokens["id_token"]!,
            ["post_logout_redirect_uri"] = client.PostLogoutRedirectUri,
        }));
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.StartsWith(client.PostLogoutRedirectUri!, back.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.False(await agent.IsSignedInAsync());
    }
}
