using System.Net;
using System.Text.RegularExpressions;
using Atrium.Platform.Accounts;
using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>
/// A second Atrium, on a real socket, acting as the identity provider with its own authorization
/// server (issue 10 item 1); its client (this Atrium) registered through the admin CLI's <c>client add</c>.
/// </summary>
public sealed partial class AtriumProviderApps : IAsyncLifetime
{
    public const string ProviderName = "atrium";

    public ProviderAtrium Provider { get; } = new();

    public ClientAtrium Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Provider.InitializeAsync();
        var output = new StringWriter();
        var error = new StringWriter();
        var redirectUri = new Uri(UserAgent.Atrium, $"/session/external/{ProviderName}/callback").ToString();
        var exit = await AtriumCommands.RunCommandAsync(Provider.Services,
            ["client", "add", "--id", "atrium-web", "--name", "Atrium Web", "--redirect-uris", redirectUri, "--scopes", "openid profile email"],
            CommandConsole.Captured(TextReader.Null, output, error), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        Client = new ClientAtrium(Provider.Address, "atrium-web", SecretLine().Match(output.ToString()).Groups[1].Value);
        await Client.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Provider.DisposeAsync();
    }

    [GeneratedRegex("Secret \\(shown once, stored hashed\\): (\\S+)")]
    private static partial Regex SecretLine();
}

public sealed class ProviderAtrium : SqliteApp
{
    public ProviderAtrium() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }
}

public sealed class ClientAtrium(Uri provider, string clientId, string clientSecret) : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        const string key = "Atrium:ExternalSignIn:Providers:" + AtriumProviderApps.ProviderName;
        builder.UseSetting($"{key}:DisplayName", "Atrium ID");
        builder.UseSetting($"{key}:Authority", provider.ToString());
        builder.UseSetting($"{key}:ClientId", clientId);
        builder.UseSetting($"{key}:ClientSecret", clientSecret);
        builder.UseSetting($"{key}:RequireHttpsMetadata", "false");
        // Configured scopes replace the defaults; the user-info endpoint is read as well.
        builder.UseSetting($"{key}:Scopes:0", "profile");
        builder.UseSetting($"{key}:Scopes:1", "email");
        builder.UseSetting($"{key}:UseUserInfoEndpoint", "true");
    }
}

/// <summary>
/// Atrium signs in with Atrium: the provider's sign-in form and consent page, then back. Atrium does
/// not verify e-mail addresses, so its ID tokens carry no <c>email_verified</c>: the provider identity
/// can be linked only by a user signed in already, and is refused for a new account.
/// </summary>
public sealed class AtriumProviderTests(AtriumProviderApps apps) : IClassFixture<AtriumProviderApps>
{
    private const string SignIn = "/session/external/atrium/sign-in?returnUrl=%2Ftodo%2F";

    [Fact]
    public async Task A_signed_in_user_links_an_account_of_another_atrium_and_then_signs_in_with_it_alone()
    {
        var local = await RegisterAsync(apps.Client.CreateClient());
        var remote = await RegisterAsync(apps.Provider.CreateClient());

        using (var browser = new UserAgent(apps.Client.Server.CreateHandler()))
        {
            var signedIn = await browser.SendJsonAsync(HttpMethod.Post, "/session/sign-in", new { email = local.Email, password = "password123" });
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

            var confirm = await SignInAtProviderAsync(browser, remote);
            Assert.Contains("to your account <strong class=\"username\">" + local.Username, confirm.Html, StringComparison.Ordinal);
            var done = await browser.SubmitAsync(confirm, new Dictionary<string, string>());
            Assert.Equal("/todo/", done.Path);
            Assert.Equal(local.Username, await browser.SignedInAsAsync());
        }

        await using (var scope = apps.Client.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var link = await db.ExternalLogins.SingleAsync(l => l.Provider == AtriumProviderApps.ProviderName && l.Email == remote.Email);
            // The provider's subject is its account id.
            Assert.Equal(remote.Id, link.Subject);
        }

        using var later = new UserAgent(apps.Client.Server.CreateHandler());
        var page = await SignInAtProviderAsync(later, remote);
        Assert.Equal("/todo/", page.Path);
        Assert.Equal(local.Username, await later.SignedInAsAsync());
    }

    [Fact]
    public async Task An_unlinked_account_of_another_atrium_is_refused_because_atrium_does_not_verify_emails()
    {
        var remote = await RegisterAsync(apps.Provider.CreateClient());
        using var browser = new UserAgent(apps.Client.Server.CreateHandler());
        var page = await SignInAtProviderAsync(browser, remote);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("has not verified your e-mail address", page.Html, StringComparison.Ordinal);
        Assert.Null(await browser.SignedInAsAsync());
    }

    /// <summary>Through the provider's sign-in form (and its consent page the first time) back to this Atrium.</summary>
    private static async Task<Page> SignInAtProviderAsync(UserAgent browser, Account remote)
    {
        var login = await browser.BrowseAsync(SignIn);
        Assert.Equal("/connect/login", login.Path);
        var next = await browser.SubmitAsync(login, new Dictionary<string, string> { ["email"] = remote.Email, ["password"] = "password123" });
        return next.Path == "/connect/authorize"
            ? await browser.SubmitAsync(next, new Dictionary<string, string> { ["submit.accept"] = "yes" })
            : next;
    }

    private sealed record Account(string Id, string Username, string Email);

    private static async Task<Account> RegisterAsync(HttpClient client)
    {
        var username = Api.Unique("at");
        var email = $"{username}@example.com";
        var response = await client.PostJsonAsync("/api/users", new { user = new { username, email, password = "password123" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (string)(await response.JsonAsync(HttpStatusCode.Created))["user"]!["token"]!;
        // The account id is the token's subject.
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')))!;
        return new Account((string)json["sub"]!, username, email);
    }
}
