using System.Net;

namespace Atrium.Identity.Tests.Flows;

/// <summary>What the authorization and token endpoints refuse: the negative cases of the code flow.</summary>
public sealed class AuthorizationRequestTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    private const string Scope = "openid todo";

    [Fact]
    public async Task A_redirect_uri_that_is_not_registered_exactly_is_refused_without_redirecting()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);

        foreach (var wrong in new[] { client.RedirectUri + "/", client.RedirectUri + "?x=1", client.RedirectUri.ToUpperInvariant(), "http://evil.example/callback" })
        {
            var response = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "s", "n", redirectUri: wrong));

            // Never sent to an unregistered URI: the error is shown by the server itself.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_token_request_whose_form_does_not_parse_is_a_400_not_a_500()
    {
        using var agent = new OAuthAgent(server);
        foreach (var body in new[] { "grant_type=authorization_code&code=%00&client_id=x", "grant_type=client_credentials&client_id=%ZZ%00" })
        {
            var response = await agent.Api.PostAsync("/connect/token", new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_request_without_pkce_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);

        var response = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, pkce: null, "s", "n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_plain_pkce_challenge_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);

        var response = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "s", "n", method: "plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_code_is_redeemed_once_and_only_with_its_verifier_and_redirect_uri()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var pkce = OAuthAgent.NewPkce();
        var code = OAuthAgent.Query(await agent.AuthorizeAsync(client, account, Scope, pkce), "code")!;

        await (await agent.RedeemAsync(client, code, OAuthAgent.NewPkce())).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
        var pkce2 = OAuthAgent.NewPkce();
        var code2 = OAuthAgent.Query(await agent.AuthorizeAsync(client, account, Scope, pkce2), "code")!;
        await (await agent.RedeemAsync(client, code2, pkce2, redirectUri: client.RedirectUri + "/other")).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
        var pkce3 = OAuthAgent.NewPkce();
        var code3 = OAuthAgent.Query(await agent.AuthorizeAsync(client, account, Scope, pkce3), "code")!;
        await (await agent.RedeemAsync(client, code3, pkce3)).JsonOkAsync();

        await (await agent.RedeemAsync(client, code3, pkce3)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Another_clients_code_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var other = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var pkce = OAuthAgent.NewPkce();
        var code = OAuthAgent.Query(await agent.AuthorizeAsync(client, account, Scope, pkce), "code")!;

        var response = await agent.RedeemAsync(other with { RedirectUri = client.RedirectUri }, code, pkce);

        await response.AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_wrong_password_on_the_sign_in_page_shows_the_form_again()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "s", "n"));

        var again = await agent.SignInAsync(signIn, account with { Password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("Wrong e-mail or password", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();

        var response = await agent.Api.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = account.Email,
            ["password"] = account.Password,
            ["returnUrl"] = "/connect/authorize?client_id=x",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Discovery_and_jwks_describe_the_server()
    {
        using var agent = new OAuthAgent(server);

        var discovery = await (await agent.Api.GetAsync("/.well-known/openid-configuration")).JsonOkAsync();
        var jwks = await (await agent.Api.GetAsync("/.well-known/jwks")).JsonOkAsync();

        Assert.Equal(new Uri(server.Address, "/connect/token").ToString(), (string?)discovery["token_endpoint"]);
        Assert.Equal(new Uri(server.Address, "/connect/logout").ToString(), (string?)discovery["end_session_endpoint"]);
        Assert.Equal(["S256"], discovery["code_challenge_methods_supported"]!.AsArray().Select(m => (string?)m));
        Assert.Contains("todo", discovery["scopes_supported"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("RSA", (string?)jwks["keys"]![0]!["kty"]);
    }
}
