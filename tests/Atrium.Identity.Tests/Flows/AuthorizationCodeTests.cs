using System.Net;

namespace Atrium.Identity.Tests.Flows;

/// <summary>Authorization code + PKCE end to end: sign-in form, consent page, code redemption, the tokens at work.</summary>
public abstract class AuthorizationCodeTests(IIdentityServer server)
{
    [Fact]
    public async Task A_third_party_client_gets_tokens_after_sign_in_and_consent()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid profile email offline_access todo");
        var pkce = OAuthAgent.NewPkce();

        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, "openid profile email offline_access todo", pkce, "state-1", "nonce-1"));
        Assert.Equal("/connect/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        var consent = await agent.SignInAsync(signIn, account);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Contains("todo", await consent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var back = await agent.SubmitAsync(consent, new Dictionary<string, string> { ["submit.accept"] = "yes" });

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(client.RedirectUri, callback.ToString(), StringComparison.Ordinal);
        Assert.Equal("state-1", OAuthAgent.Query(callback, "state"));
        var tokens = await (await agent.RedeemAsync(client, OAuthAgent.Query(callback, "code")!, pkce)).JsonOkAsync();

        var idToken = OAuthResponses.Payload((string)tokens["id_token"]!);
        Assert.Equal("nonce-1", (string?)idToken["nonce"]);
        Assert.Equal(account.Username, (string?)idToken["preferred_username"]);
        Assert.Equal(account.Email, (string?)idToken["email"]);
        Assert.NotNull((string?)tokens["refresh_token"]);
        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/todo-lists")).StatusCode);
        var userInfo = await (await api.GetAsync("/connect/userinfo")).JsonOkAsync();
        Assert.Equal(account.Username, (string?)userInfo["preferred_username"]);
    }

    [Fact]
    public async Task Consent_is_asked_once_and_a_first_party_client_never_asks()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var thirdParty = await OAuthAgent.AddClientAsync(server, "openid blog");
        await agent.AuthorizeAsync(thirdParty, account, "openid blog", OAuthAgent.NewPkce());

        var again = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(thirdParty, "openid blog", OAuthAgent.NewPkce(), "s", "n"));
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.NotNull(OAuthAgent.Query(again.Headers.Location!, "code"));

        var firstParty = await OAuthAgent.AddClientAsync(server, "openid blog", firstParty: true);
        var direct = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(firstParty, "openid blog", OAuthAgent.NewPkce(), "s", "n"));
        Assert.Equal(HttpStatusCode.Found, direct.StatusCode);
        Assert.NotNull(OAuthAgent.Query(direct.Headers.Location!, "code"));
    }

    [Fact]
    public async Task Denying_consent_sends_access_denied_back_to_the_client()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid todo");
        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, "openid todo", OAuthAgent.NewPkce(), "s", "n"));
        var consent = await agent.SignInAsync(signIn, account);

        var back = await agent.SubmitAsync(consent, new Dictionary<string, string> { ["submit.deny"] = "no" });

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.Equal("access_denied", OAuthAgent.Query(back.Headers.Location!, "error"));
    }

    [Fact]
    public async Task A_public_client_redeems_with_its_verifier_alone()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid todo", firstParty: true, confidential: false);
        Assert.Null(client.Secret);
        var pkce = OAuthAgent.NewPkce();
        var back = await agent.AuthorizeAsync(client, account, "openid todo", pkce);

        var tokens = await (await agent.RedeemAsync(client, OAuthAgent.Query(back, "code")!, pkce)).JsonOkAsync();

        Assert.NotNull((string?)tokens["access_token"]);
    }
}

public sealed class AuthorizationCodeTests_Sqlite(IdentitySqliteServer server) : AuthorizationCodeTests(server), IClassFixture<IdentitySqliteServer>;

public sealed class AuthorizationCodeTests_Postgres(IdentityPostgresServer server) : AuthorizationCodeTests(server), IClassFixture<IdentityPostgresServer>;
