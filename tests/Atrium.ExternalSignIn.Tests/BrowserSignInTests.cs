using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>Atrium on a real socket beside the test provider, for a real browser to go back and forth.</summary>
public sealed class KestrelExternalSignInApp : SqliteApp
{
    private readonly int port = FreePort.Next();

    public KestrelExternalSignInApp() => UseKestrel(port);

    public TestIdentityProvider IdentityProvider { get; private set; } = null!;

    public Uri Address => new($"http://127.0.0.1:{port}/");

    public override async Task InitializeAsync()
    {
        IdentityProvider = await TestIdentityProvider.StartAsync(new Uri(Address, $"/session/external/{ExternalSignInSettings.Provider}/callback").ToString());
        StartServer();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ExternalSignInSettings.Apply(builder, IdentityProvider);
    }
}

/// <summary>The todo page's "Sign in with …" button in Debian's Chromium (driven offline by Playwright), against the test provider.</summary>
public sealed class BrowserSignInTests(KestrelExternalSignInApp app) : IClassFixture<KestrelExternalSignInApp>, IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/ensure-deps.sh installs the chromium package.");
        SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }

    [Fact]
    public async Task Clicking_the_provider_button_on_the_todo_page_signs_in()
    {
        var name = Api.Unique("pw");
        app.IdentityProvider.NextUser = new ProviderUser("sub-" + name, $"{name}@example.com", EmailVerified: true, PreferredUsername: name);
        await using var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/todo/");
        await Expect(page.Locator(".account .who")).ToHaveTextAsync("Not signed in");

        await page.Locator("a.external-sign-in[data-provider=test]").ClickAsync();

        await Expect(page.Locator(".account .username")).ToHaveTextAsync(name);
        Assert.Equal(new Uri(app.Address, "/todo/"), new Uri(page.Url));
        var cookies = await context.CookiesAsync([app.Address.ToString()]);
        Assert.Contains(cookies, c => c.Name == "atrium_session" && c.HttpOnly);
    }
}
