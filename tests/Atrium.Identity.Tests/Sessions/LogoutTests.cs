using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Identity.Tests.Sessions;

/// <summary>
/// RP-initiated logout at <c>/connect/logout</c>: with the client's id token the session ends at once and the
/// browser goes back to the registered post-logout URI with its state; without it the user confirms on a form
/// (antiforgery), so another site's link cannot sign anyone out; an unregistered URI is never followed.
/// </summary>
public abstract class LogoutTests(IIdentityServer server)
{
    private const string Scope = "openid profile blog";

    [Fact]
    public async Task With_the_id_token_the_session_ends_and_the_browser_returns_to_the_client_with_its_state()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        var back = await agent.BrowseAsync(LogoutUrl(new()
        {
            ["id_token_hint"] = (string)tokens["id_token"]!,
            ["post_logout_redirect_uri"] = client.PostLogoutRedirectUri,
            ["state"] = "bye-1",
        }));

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.StartsWith(client.PostLogoutRedirectUri + "?", back.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("bye-1", OAuthAgent.Query(back.Headers.Location!, "state"));
        Assert.False(await agent.IsSignedInAsync());
        var again = await agent.BrowseAsync(OAuthAgent.AuthorizeUrl(client, Scope, OAuthAgent.NewPkce(), "s", "n"));
        Assert.Equal("/connect/login", again.RequestMessage!.RequestUri!.AbsolutePath);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.IdentityDbContext>();
        var subject = (string)OAuthResponses.Payload((string)tokens["id_token"]!)["sub"]!;
        Assert.Equal(client.Id, await db.AuditEvents.Where(e => e.Kind == Data.AuditKinds.SignedOut && e.Subject == subject).Select(e => e.ClientId).SingleAsync());
    }

    [Fact]
    public async Task A_post_logout_uri_not_registered_for_the_client_is_not_followed()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        var answer = await agent.BrowseAsync(LogoutUrl(new()
        {
            ["id_token_hint"] = (string)tokens["id_token"]!,
            ["post_logout_redirect_uri"] = "https://attacker.example/signed-out",
            ["state"] = "s",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Contains("Sign-out refused", page, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", page, StringComparison.Ordinal);
        Assert.True(await agent.IsSignedInAsync());
    }

    [Fact]
    public async Task Another_clients_post_logout_uri_is_not_followed_with_this_clients_id_token()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        var other = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        var answer = await agent.BrowseAsync(LogoutUrl(new()
        {
            ["id_token_hint"] = (string)tokens["id_token"]!,
            ["post_logout_redirect_uri"] = other.PostLogoutRedirectUri,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.True(await agent.IsSignedInAsync());
    }

    [Fact]
    public async Task Without_an_id_token_the_user_confirms_on_a_form_before_the_session_ends()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        await agent.SignInForTokensAsync(client, account, Scope);

        // What another site's link or image would fetch.
        var confirm = await agent.BrowseAsync(LogoutUrl(new()
        {
            ["client_id"] = client.Id,
            ["post_logout_redirect_uri"] = client.PostLogoutRedirectUri,
            ["state"] = "bye-2",
        }));

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Sign out?", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("form-action 'self' http://127.0.0.1:9", confirm.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(await agent.IsSignedInAsync());

        var back = await agent.SubmitAsync(confirm, new Dictionary<string, string> { ["submit.logout"] = "yes" });

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.StartsWith(client.PostLogoutRedirectUri + "?", back.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("bye-2", OAuthAgent.Query(back.Headers.Location!, "state"));
        Assert.False(await agent.IsSignedInAsync());
    }

    [Fact]
    public async Task Another_accounts_id_token_is_no_reason_to_skip_the_confirmation()
    {
        using var other = new OAuthAgent(server);
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        var othersTokens = await other.SignInForTokensAsync(client, await other.RegisterAccountAsync(), Scope);
        await agent.SignInForTokensAsync(client, await agent.RegisterAccountAsync(), Scope);

        var confirm = await agent.BrowseAsync(LogoutUrl(new()
        {
            ["id_token_hint"] = (string)othersTokens["id_token"]!,
            ["post_logout_redirect_uri"] = client.PostLogoutRedirectUri,
        }));

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Sign out?", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await agent.IsSignedInAsync());
    }

    [Fact]
    public async Task The_confirmation_refuses_a_post_without_its_antiforgery_token()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true, postLogoutRedirect: true);
        await agent.SignInForTokensAsync(client, account, Scope);

        // Another site's auto-submitted form: no antiforgery field.
        var answer = await agent.PostFormAsync("/connect/logout", new Dictionary<string, string>
        {
            ["client_id"] = client.Id,
            ["submit.logout"] = "yes",
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True(await agent.IsSignedInAsync());
    }

    [Fact]
    public async Task Without_a_post_logout_uri_the_signed_out_page_is_shown()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        var page = await agent.BrowseAsync(LogoutUrl(new() { ["id_token_hint"] = (string)tokens["id_token"]! }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("You are signed out", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await agent.IsSignedInAsync());
    }

    private static string LogoutUrl(Dictionary<string, string?> query) => "/connect/logout" + Microsoft.AspNetCore.Http.QueryString.Create(query);
}

public sealed class LogoutTests_Sqlite(IdentitySqliteServer server) : LogoutTests(server), IClassFixture<IdentitySqliteServer>;

public sealed class LogoutTests_Postgres(IdentityPostgresServer server) : LogoutTests(server), IClassFixture<IdentityPostgresServer>;
