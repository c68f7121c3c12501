using System.Net;

namespace Atrium.Identity.Tests.Sessions;

/// <summary>
/// <c>prompt</c> and <c>max_age</c> on <c>/connect/authorize</c>: <c>none</c> never shows a page (an error back to
/// the client instead), <c>login</c> and an exceeded <c>max_age</c> ask for the password again even with a
/// session, and then the flow goes on; the id token says when the user signed in (<c>auth_time</c>).
/// </summary>
public abstract class PromptTests(IIdentityServer server)
{
    private const string Scope = "openid profile";

    [Fact]
    public async Task Prompt_none_without_a_session_sends_login_required_back_to_the_client()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);

        var back = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "st-1", "n") + "&prompt=none");

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.StartsWith(client.RedirectUri, back.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("login_required", OAuthAgent.Query(back.Headers.Location!, "error"));
        Assert.Equal("st-1", OAuthAgent.Query(back.Headers.Location!, "state"));
    }

    [Fact]
    public async Task Prompt_none_without_consent_sends_consent_required_back_to_the_client()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var firstParty = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        await agent.SignInForTokensAsync(firstParty, account, Scope);
        var thirdParty = await OAuthAgent.AddClientAsync(server, Scope);

        var back = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(thirdParty, Scope, OAuthAgent.NewPkce(), "st-2", "n") + "&prompt=none");

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.Equal("consent_required", OAuthAgent.Query(back.Headers.Location!, "error"));
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again_then_issues_the_code()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        await agent.SignInForTokensAsync(client, account, Scope);
        var pkce = OAuthAgent.NewPkce();

        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, pkce, "st-3", "n") + "&prompt=login");
        Assert.Equal("/connect/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        var back = await agent.SignInAsync(signIn, account);

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.Equal("st-3", OAuthAgent.Query(back.Headers.Location!, "state"));
        Assert.NotNull(OAuthAgent.Query(back.Headers.Location!, "code"));
    }

    [Fact]
    public async Task A_made_up_sign_in_marker_does_not_stand_in_for_signing_in_again()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        await agent.SignInForTokensAsync(client, account, Scope);

        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "st", "n")
            + "&prompt=login&atrium_signed_in_after=0");

        Assert.Equal("/connect/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Max_age_0_asks_for_the_password_again_and_the_id_token_carries_auth_time()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var first = OAuthResponses.Payload((string)(await agent.SignInForTokensAsync(client, account, Scope))["id_token"]!);
        Assert.Null(first["auth_time"]);
        var pkce = OAuthAgent.NewPkce();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var signIn = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, pkce, "st-4", "n") + "&max_age=0");
        Assert.Equal("/connect/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        var back = await agent.SignInAsync(signIn, account);
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var tokens = await (await agent.RedeemAsync(client, OAuthAgent.Query(back.Headers.Location!, "code")!, pkce)).JsonOkAsync();

        var authTime = OAuthResponses.Payload((string)tokens["id_token"]!)["auth_time"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, authTime.GetValueKind());
        Assert.InRange((long)authTime, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_session_younger_than_max_age_is_enough_and_auth_time_says_when_it_began()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope + " offline_access", firstParty: true);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await agent.SignInForTokensAsync(client, account, Scope);
        var pkce = OAuthAgent.NewPkce();

        var back = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope + " offline_access", pkce, "st-5", "n") + "&max_age=3600");

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var tokens = await (await agent.RedeemAsync(client, OAuthAgent.Query(back.Headers.Location!, "code")!, pkce)).JsonOkAsync();
        var authTime = (long)OAuthResponses.Payload((string)tokens["id_token"]!)["auth_time"]!;
        Assert.InRange(authTime, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // A refreshed id token still says when the user signed in, not when it was refreshed.
        var refreshed = await (await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = (string)tokens["refresh_token"]!,
        })).JsonOkAsync();
        Assert.Equal(authTime, (long)OAuthResponses.Payload((string)refreshed["id_token"]!)["auth_time"]!);
    }

    [Theory]
    [InlineData("999999999999")]
    [InlineData("9223372036854775807")]
    public async Task A_huge_max_age_is_just_a_long_time(string maxAge)
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        await agent.SignInForTokensAsync(client, account, Scope);

        var back = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "st-6", "n") + "&max_age=" + maxAge);

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.NotNull(OAuthAgent.Query(back.Headers.Location!, "code"));
    }
}

public sealed class PromptTests_Sqlite(IdentitySqliteServer server) : PromptTests(server), IClassFixture<IdentitySqliteServer>;

public sealed class PromptTests_Postgres(IdentityPostgresServer server) : PromptTests(server), IClassFixture<IdentityPostgresServer>;
