using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Todo.Tests.Browser;

/// <summary>The page as a first-party OAuth client: its client id configured, registered with the admin command.</summary>
public sealed class OAuthTodoServer : TodoSqliteServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Todo:OAuthClientId", "atrium-todo");
        builder.UseSetting("Atrium:Todo:OAuthAuthority", $"http://127.0.0.1:{Port}");
    }
}

public sealed class OAuthBrowserFixture() : BrowserFixture(new OAuthTodoServer())
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var error = new StringWriter();
        var exit = await AtriumCommands.RunCommandAsync(Server.Services,
            ["client", "add", "--id", "atrium-todo", "--public", "--first-party", "--redirect-uris", $"{Server.Address}todo/signed-in", "--scopes", "openid profile todo"],
            CommandConsole.Captured(TextReader.Null, TextWriter.Null, error), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
    }
}

/// <summary>"Sign in with Atrium": the authorization server's sign-in page, code + PKCE, back to the page signed in.</summary>
public sealed class OAuthSignInTests(OAuthBrowserFixture browser) : IClassFixture<OAuthBrowserFixture>
{
    [Fact]
    public async Task Signing_in_through_the_authorization_server_returns_to_the_page_signed_in()
    {
        var username = Testing.Api.Unique("oauth");
        var registered = await browser.Server.CreateClient().PostJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        Assert.True(registered.IsSuccessStatusCode);
        var (context, page) = await browser.OpenAsync();
        await using var _ = context;
        await new TodoPageModel(page).AddAsync("made as a guest");

        await page.Locator("a.oauth-sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connect/login"));
        await page.Locator("input[name=email]").FillAsync($"{username}@example.com");
        await page.Locator("input[name=password]").FillAsync("password123");
        await page.Locator("button[type=submit]").ClickAsync();

        // First-party: no consent page; the code comes back to /todo/signed-in, which lands on the page.
        await Expect(page.Locator("body[data-ready] .account .username")).ToHaveTextAsync(username);
        Assert.EndsWith("/todo/", page.Url, StringComparison.Ordinal);
        await Expect(new TodoPageModel(page).Labels).ToHaveTextAsync(["made as a guest"]);
    }

    [Fact]
    public async Task A_callback_without_the_flows_state_leaves_the_visitor_signed_out()
    {
        var (context, page) = await browser.OpenAsync();
        await using var _ = context;

        await page.GotoAsync("/todo/signed-in?code=forged&state=forged");

        await Expect(page.Locator("body[data-ready] .account .who")).ToHaveTextAsync("Not signed in");
    }
}

/// <summary>A client id without a configured authority: the request's Host would otherwise pick where the code goes.</summary>
public sealed class OAuthClientWithoutAuthorityApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Todo:OAuthClientId", "atrium-todo");
    }
}

public sealed class OAuthSettingsTests
{
    [Fact]
    public async Task A_client_id_without_an_authority_refuses_to_start()
    {
        await using var app = new OAuthClientWithoutAuthorityApp();

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("OAuthAuthority", refused.ToString(), StringComparison.Ordinal);
    }
}
