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
}
