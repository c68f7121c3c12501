using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Identity.Tests.Clients;

/// <summary><c>client add|list|remove</c> against the database; secrets stored hashed; audit rows for grants.</summary>
public abstract class ClientCommandTests(IIdentityServer server)
{
    [Fact]
    public async Task Added_clients_are_listed_with_their_kind_and_scopes_and_removed()
    {
        var client = await OAuthAgent.AddClientAsync(server, "openid todo", firstParty: true);

        var (exit, listed, _) = await RunAsync("client", "list");
        Assert.Equal(0, exit);
        var line = listed.Split('\n').Single(l => l.StartsWith(client.Id + "\t", StringComparison.Ordinal));
        Assert.Contains("confidential\tfirst-party\ttodo\t" + client.RedirectUri, line, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("client", "remove", "--id", client.Id)).Exit);
        Assert.DoesNotContain(client.Id, (await RunAsync("client", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_logout_redirect_uris_are_stored_exactly_and_listed()
    {
        var client = await OAuthAgent.AddClientAsync(server, "openid", postLogoutRedirect: true);

        var (_, listed, _) = await RunAsync("client", "list");
        var line = listed.Split('\n').Single(l => l.StartsWith(client.Id + "\t", StringComparison.Ordinal));
        Assert.EndsWith("\t" + client.RedirectUri + "\t" + client.PostLogoutRedirectUri, line.TrimEnd('\r'), StringComparison.Ordinal);
        await using var scope = server.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(client.Id);
        Assert.Equal(client.PostLogoutRedirectUri, Assert.Single(await applications.GetPostLogoutRedirectUrisAsync(application!)));
        Assert.True(await applications.HasPermissionAsync(application!, OpenIddict.Abstractions.OpenIddictConstants.Permissions.Endpoints.EndSession));
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_stored_only_hashed()
    {
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.IdentityDbContext>();
        var stored = await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>()
            .Where(a => a.ClientId == client.Id).Select(a => a.ClientSecret).SingleAsync();
        Assert.NotNull(client.Secret);
        Assert.DoesNotContain(client.Secret!, stored!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--id", "0195a2c4-0000-7000-8000-000000000000", "--client-credentials", "--scopes", "blog")]
    [InlineData("--id", "app", "--scopes", "blog")]
    [InlineData("--id", "app", "--redirect-uris", "not-a-uri", "--scopes", "blog")]
    [InlineData("--id", "app", "--client-credentials", "--scopes", "everything")]
    [InlineData("--id", "app", "--client-credentials", "--public", "--scopes", "blog")]
    [InlineData("--id", "app", "--redirect-uris", "https://app.example/cb", "--post-logout-redirect-uris", "/signed-out", "--scopes", "openid")]
    [InlineData("--id", "app", "--redirect-uris", "https://app.example/cb", "--post-logout-redirect-uris", "https://app.example/out#x", "--scopes", "openid")]
    [InlineData("--id", "app", "--client-credentials", "--post-logout-redirect-uris", "https://app.example/out", "--scopes", "blog")]
    public async Task Bad_registrations_are_refused_with_a_reason(params string[] args)
    {
        var (exit, _, error) = await RunAsync(["client", "add", .. args]);

        Assert.Equal(1, exit);
        Assert.StartsWith("client:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_and_revocations_are_audited()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);
        var tokens = await (await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "blog",
        })).JsonOkAsync();
        await agent.Api.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = (string)tokens["access_token"]!,
            ["client_id"] = client.Id,
            ["client_secret"] = client.Secret!,
        }));

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.IdentityDbContext>();
        var kinds = await db.AuditEvents.Where(e => e.ClientId == client.Id).OrderBy(e => e.At).Select(e => e.Kind).ToListAsync();
        Assert.Equal([Data.AuditKinds.ClientAdded, Data.AuditKinds.ClientCredentials, Data.AuditKinds.TokenRevoked], kinds);
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AtriumCommands.RunCommandAsync(server.Services, args, CommandConsole.Captured(TextReader.Null, output, error), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

public sealed class ClientCommandTests_Sqlite(IdentitySqliteServer server) : ClientCommandTests(server), IClassFixture<IdentitySqliteServer>;

public sealed class ClientCommandTests_Postgres(IdentityPostgresServer server) : ClientCommandTests(server), IClassFixture<IdentityPostgresServer>;
