using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Identity.Tests.Flows;

/// <summary>Refresh tokens rotate and a reused one revokes the whole grant; revocation and introspection.</summary>
public sealed class RefreshAndRevocationTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    private const string Scope = "openid offline_access todo";

    [Fact]
    public async Task A_refresh_gives_a_new_refresh_token_and_the_old_one_is_spent()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var first = await agent.SignInForTokensAsync(client, account, Scope);

        var second = await (await Refresh(agent, client, first)).JsonOkAsync();

        Assert.NotEqual((string?)first["refresh_token"], (string?)second["refresh_token"]);
        using var api = agent.Bearer((string)second["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/todo-lists")).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_the_tokens_that_replaced_it()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var first = await agent.SignInForTokensAsync(client, account, Scope);
        var second = await (await Refresh(agent, client, first)).JsonOkAsync();

        await (await Refresh(agent, client, first)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");

        await (await Refresh(agent, client, second)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
        using var api = agent.Bearer((string)second["access_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
        await using var scope = server.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<Data.IdentityDbContext>().AuditEvents
            .Where(e => e.ClientId == client.Id).OrderBy(e => e.At).Select(e => e.Kind).ToListAsync();
        Assert.Equal(["client_added", "code_redeemed", "refresh_redeemed", "grant_refused:refresh_token", "grant_refused:refresh_token"], audit);
    }

    [Fact]
    public async Task A_revoked_access_token_stops_working_and_introspects_inactive()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);
        var access = (string)tokens["access_token"]!;

        var active = await (await Introspect(agent, client, access)).JsonOkAsync();
        Assert.True((bool)active["active"]!, active.ToJsonString());
        Assert.Equal(client.Id, (string?)active["client_id"]);
        Assert.Equal("access_token", (string?)active["token_usage"]);

        var revoked = await agent.Api.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = access,
            ["client_id"] = client.Id,
            ["client_secret"] = client.Secret!,
        }));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        using var api = agent.Bearer(access);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
        var inactive = await (await Introspect(agent, client, access)).JsonOkAsync();
        Assert.False((bool)inactive["active"]!);
    }

    [Fact]
    public async Task Another_client_can_neither_introspect_nor_revoke_a_users_tokens()
    {
        // RFC 7009/7662: the token must have been issued to the caller. The tokens carry no audience, so
        // OpenIddict's own presenter check never applied and any registered client could do both.
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var other = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);
        var access = (string)tokens["access_token"]!;

        var seen = await (await Introspect(agent, other, access)).JsonOkAsync();
        Assert.False((bool)seen["active"]!, seen.ToJsonString());
        Assert.Null(seen["sub"]);
        foreach (var token in new[] { access, (string)tokens["refresh_token"]! })
        {
            var revoked = await agent.Api.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["client_id"] = other.Id,
                ["client_secret"] = other.Secret!,
            }));
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode); // RFC 7009 hides the refusal
        }

        using var api = agent.Bearer(access);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/todo-lists")).StatusCode);
        Assert.True((bool)(await (await Introspect(agent, client, access)).JsonOkAsync())["active"]!);
        Assert.Equal(HttpStatusCode.OK, (await Refresh(agent, client, tokens)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_refresh_token_cannot_be_redeemed()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        var revoked = await agent.Api.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = (string)tokens["refresh_token"]!,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = client.Id,
            ["client_secret"] = client.Secret!,
        }));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        await (await Refresh(agent, client, tokens)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Disabling_the_account_ends_its_oauth_tokens_too()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        using var admin = agent.Bearer("");
        admin.DefaultRequestHeaders.Authorization = new("Token", await agent.AdminTokenAsync());
        var disabled = await admin.PostAsync($"/api/admin/users/{account.Username}/disable", null);
        Assert.True(disabled.IsSuccessStatusCode, $"disable: {(int)disabled.StatusCode}");

        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
        await (await Refresh(agent, client, tokens)).AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_bumped_token_version_ends_the_oauth_token_at_userinfo_as_at_the_modules()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid profile todo", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid profile todo");
        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/connect/userinfo")).StatusCode);

        // What a password reset does to the account's tokens.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Platform.Accounts.AccountsDbContext>().Users
                .Where(u => u.Username == account.Username).ExecuteUpdateAsync(s => s.SetProperty(u => u.TokenVersion, u => u.TokenVersion + 1));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/connect/userinfo")).StatusCode);
    }

    [Fact]
    public async Task A_refused_revocation_is_not_audited_as_a_revocation()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var other = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);

        // RFC 7009 answers the refusal with an empty 200; the audit trail must still not call it a revocation.
        var refused = await agent.Api.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = (string)tokens["refresh_token"]!,
            ["client_id"] = other.Id,
            ["client_secret"] = other.Secret!,
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var kinds = await scope.ServiceProvider.GetRequiredService<Data.IdentityDbContext>().AuditEvents
            .Where(e => e.ClientId == other.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal([Data.AuditKinds.ClientAdded], kinds);
    }

    private static Task<HttpResponseMessage> Refresh(OAuthAgent agent, RegisteredClient client, JsonNode tokens) =>
        agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = (string)tokens["refresh_token"]!,
        });

    private static Task<HttpResponseMessage> Introspect(OAuthAgent agent, RegisteredClient client, string token) =>
        agent.Api.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = client.Id,
            ["client_secret"] = client.Secret!,
        }));
}
