using Atrium.Testing;
using Microsoft.Playwright;

namespace Atrium.Todo.Tests.Browser;

/// <summary>
/// One server on a real socket and one Debian Chromium per test class (Playwright drives it offline:
/// <c>playwright install</c> cannot run here). Each launch gets a fresh temporary profile
/// (user-data dir) from Playwright; each test opens its own context, so cookies never leak between tests.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(new TodoSqliteServer())
    {
    }

    protected BrowserFixture(TodoSqliteServer server) => Server = server;

    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public TodoSqliteServer Server { get; }

    public virtual async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/ensure-deps.sh installs the chromium package.");
        await Server.InitializeAsync();
        // Generous: a loaded CI machine must not fail a test on a slow render.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies and storage) on the todo page.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/todo/");
        await Assertions.Expect(page.Locator("body[data-ready]")).ToHaveCountAsync(1);
        return (context, page);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Where test artefacts go: <c>$ATRIUM_TEST_RESULTS</c>, else TestResults/ at the repository root (ignored by git).</summary>
    public static string ResultsDirectory()
    {
        var folder = Environment.GetEnvironmentVariable("ATRIUM_TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Path, "TestResults");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
