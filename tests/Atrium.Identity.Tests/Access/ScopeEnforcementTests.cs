using System.Net;

namespace Atrium.Identity.Tests.Access;

/// <summary>Each module's API admits an OAuth access token only with its scope; RealWorld tokens keep full access.</summary>
public sealed class ScopeEnforcementTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    // A signed-in read of each module: 200, or 404 for an image that does not exist (past the scope check).
    public static TheoryData<string, string, HttpStatusCode> Modules => new()
    {
        { "blog", "/api/articles/feed", HttpStatusCode.OK },
        { "todo", "/api/todo-lists", HttpStatusCode.OK },
        { "images", $"/api/images/{Guid.NewGuid()}", HttpStatusCode.NotFound },
        { "weather", "/api/weather/keys", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task A_token_with_the_modules_scope_gets_in_and_one_without_gets_403(string scope, string path, HttpStatusCode allowed)
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var other = scope == "todo" ? "blog" : "todo";
        var client = await OAuthAgent.AddClientAsync(server, $"openid {scope} {other}", firstParty: true);
        var with = await agent.SignInForTokensAsync(client, account, $"openid {scope}");
        var without = await agent.SignInForTokensAsync(client, account, $"openid {other}");

        using var withScope = agent.Bearer((string)with["access_token"]!);
        using var withoutScope = agent.Bearer((string)without["access_token"]!);
        Assert.Equal(allowed, (await withScope.GetAsync(path)).StatusCode);
        var refused = await withoutScope.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("insufficient_scope", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task A_realworld_token_keeps_full_access(string scope, string path, HttpStatusCode allowed)
    {
        _ = scope;
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        using var api = agent.Bearer("");
        api.DefaultRequestHeaders.Authorization = new("Token", account.RealWorldToken);

        Assert.Equal(allowed, (await api.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_oauth_token_acts_as_its_account_across_modules()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid blog", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid blog");
        using var api = agent.Bearer((string)tokens["access_token"]!);

        var user = await (await api.GetAsync("/api/user")).JsonOkAsync();

        Assert.Equal(account.Username, (string?)user["user"]!["username"]);
    }

    [Fact]
    public async Task A_scoped_token_gets_no_realworld_token_and_cannot_change_the_sign_in_credentials()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid blog", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid blog");
        using var api = agent.Bearer((string)tokens["access_token"]!);

        // A minted RealWorld token would carry no scopes: full access to every module.
        Assert.Equal("", (string?)(await (await api.GetAsync("/api/user")).JsonOkAsync())["user"]!["token"]);
        var viewer = await (await api.PostAsync("/graphql", System.Net.Http.Json.JsonContent.Create(new { query = "{ viewer { user { token } } }" }))).JsonOkAsync();
        Assert.Equal("", (string?)viewer["data"]!["viewer"]!["user"]!["token"]);
        var bio = await (await api.PutAsync("/api/user", System.Net.Http.Json.JsonContent.Create(new { user = new { bio = "written by an app" } }))).JsonOkAsync();
        Assert.Equal("", (string?)bio["user"]!["token"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsync("/api/user", System.Net.Http.Json.JsonContent.Create(new { user = new { password = "taken-over-123" } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsync("/api/user", System.Net.Http.Json.JsonContent.Create(new { user = new { email = "thief@example.com" } }))).StatusCode);
    }

    [Fact]
    public async Task GraphQL_is_part_of_the_blog_scope()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid blog todo", firstParty: true);
        var blog = await agent.SignInForTokensAsync(client, account, "openid blog");
        var todo = await agent.SignInForTokensAsync(client, account, "openid todo");
        var query = System.Net.Http.Json.JsonContent.Create(new { query = "{ viewer { user { username } } }" });

        using var withScope = agent.Bearer((string)blog["access_token"]!);
        using var withoutScope = agent.Bearer((string)todo["access_token"]!);
        var allowed = await (await withScope.PostAsync("/graphql", query)).JsonOkAsync();
        Assert.Equal(account.Username, (string?)allowed["data"]!["viewer"]!["user"]!["username"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutScope.PostAsync("/graphql",
            System.Net.Http.Json.JsonContent.Create(new { query = "{ viewer { user { username } } }" }))).StatusCode);
    }

    [Fact]
    public async Task Realtime_hubs_do_not_take_oauth_tokens()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid blog", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid blog");
        using var api = agent.Bearer((string)tokens["access_token"]!);
        using var realWorld = agent.Bearer("");
        realWorld.DefaultRequestHeaders.Authorization = new("Bearer", account.RealWorldToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await realWorld.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_hub_closes_a_connection_made_with_an_oauth_token()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid blog", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid blog");
        await using var hub = Testing.HubClients.Connection(server.Address, "todo-lists", (string)tokens["access_token"]!);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            await hub.StartAsync();
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            // Refused while starting: as good as closed.
        }

        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task A_tampered_or_foreign_bearer_token_is_401()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, "openid todo", firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, "openid todo");
        var access = (string)tokens["access_token"]!;
        var tampered = access[..^4] + (access[^4] == 'A' ? "BBBB" : "AAAA");

        using var api = agent.Bearer(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/todo-lists")).StatusCode);
    }
}
