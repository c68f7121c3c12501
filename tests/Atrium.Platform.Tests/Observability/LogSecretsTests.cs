using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Tests.Observability;

/// <summary>
/// The server with every log category at Trace, captured whole, and a real SMTP listener for the
/// reset mail. Its own host (not a derived factory), so the background job that sends the mail
/// runs where the capture is.
/// </summary>
public interface ILoggedApp
{
    LogCapture Log { get; }

    SmtpListener Smtp { get; }
}

internal static class LoggedAppSetup
{
    public static void Configure(IWebHostBuilder builder, LogCapture log, SmtpListener smtp)
    {
        builder.UseSetting("Atrium:Mail:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Atrium:Mail:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Atrium:Auth:PasswordResetUrl", "https://atrium.example/reset-password?token={token}");
        // Everything, including what production never turns on: EF's commands, ASP.NET Core's request lines.
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        builder.ConfigureLogging(logging => logging.AddProvider(log));
    }
}

public sealed class LoggedSqliteApp : SqliteApp, ILoggedApp
{
    public LogCapture Log { get; } = new();

    public SmtpListener Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpListener.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        LoggedAppSetup.Configure(builder, Log, Smtp);
    }
}

public sealed class LoggedPostgresApp : PostgresApp, ILoggedApp
{
    public LogCapture Log { get; } = new();

    public SmtpListener Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpListener.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        LoggedAppSetup.Configure(builder, Log, Smtp);
    }
}

/// <summary>
/// Passwords, tokens and reset links never reach the log: a full register → login → refresh →
/// reset (request, mail job, confirm) → login → logout flow runs with every logger at Trace, and
/// the captured log is searched for each secret the flow handled.
/// </summary>
public abstract partial class LogSecretsTests<TApp>(TApp app) where TApp : AtriumApp, ILoggedApp
{
    [Fact]
    public async Task No_password_token_or_reset_link_appears_in_the_log()
    {
        var client = app.CreateClient();
        var username = Api.Unique("secret");
        var email = $"{username}@example.com";
        const string FirstPassword = "first-Pa55word-kept-out-of-logs";
        const string SecondPassword = "second-Pa55word-kept-out-of-logs";
        var secrets = new List<(string What, string Value)>
        {
            ("the registration password", FirstPassword),
            ("the new password", SecondPassword),
        };

        var registered = (await (await client.PostJsonAsync("/api/users", new { user = new { username, email, password = FirstPassword } }))
            .JsonAsync(HttpStatusCode.Created))["user"]!;
        secrets.Add(("the access token from registration", (string)registered["token"]!));
        secrets.Add(("the refresh token from registration", (string)registered["refreshToken"]!));

        // A wrong password too: failed logins are logged somewhere, the attempt must not be.
        await client.PostJsonAsync("/api/users/login", new { user = new { email, password = "wrong-Pa55word-kept-out" } });
        secrets.Add(("a wrong password", "wrong-Pa55word-kept-out"));

        var login = (await (await client.PostJsonAsync("/api/users/login", new { user = new { email, password = FirstPassword } }))
            .JsonAsync(HttpStatusCode.OK))["user"]!;
        secrets.Add(("the access token from login", (string)login["token"]!));
        secrets.Add(("the refresh token from login", (string)login["refreshToken"]!));
        await (await app.ClientWithToken((string)login["token"]!).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);

        var refreshed = (await (await client.PostJsonAsync("/api/users/token", new { refreshToken = (string)login["refreshToken"]! }))
            .JsonAsync(HttpStatusCode.OK))["user"]!;
        secrets.Add(("the refreshed access token", (string)refreshed["token"]!));
        secrets.Add(("the refreshed refresh token", (string)refreshed["refreshToken"]!));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/users/password-reset", new { user = new { email } })).StatusCode);
        var mail = await app.Smtp.WaitForMessageToAsync(email);
        var link = ResetLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, $"No reset link in the mail: {mail.TextBody}");
        secrets.Add(("the reset token", link.Groups["token"].Value));
        secrets.Add(("the reset link", link.Value));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/users/password-reset/confirm",
            new { user = new { token = link.Groups["token"].Value, password = SecondPassword } })).StatusCode);

        var again = (await (await client.PostJsonAsync("/api/users/login", new { user = new { email, password = SecondPassword } }))
            .JsonAsync(HttpStatusCode.OK))["user"]!;
        secrets.Add(("the access token after the reset", (string)again["token"]!));
        secrets.Add(("the refresh token after the reset", (string)again["refreshToken"]!));
        var loggedOut = await client.PostJsonAsync("/api/users/logout", new { refreshToken = (string)again["refreshToken"]! });
        Assert.True(loggedOut.IsSuccessStatusCode, $"logout: {(int)loggedOut.StatusCode}");

        var log = app.Log.Entries.ToList();
        // The capture really saw the flow, down to the database commands and the mail going out.
        Assert.Contains(log, e => e.Contains("/api/users/password-reset/confirm", StringComparison.Ordinal));
        Assert.Contains(log, e => e.Contains("Executed DbCommand", StringComparison.Ordinal));
        Assert.Contains(log, e => e.Contains("sent to", StringComparison.Ordinal) && e.Contains(email, StringComparison.OrdinalIgnoreCase));
        foreach (var (what, value) in secrets)
        {
            Assert.False(string.IsNullOrEmpty(value), $"{what} is empty");
            var leak = log.FirstOrDefault(e => e.Contains(value, StringComparison.Ordinal));
            Assert.True(leak is null, $"{what} appears in the log:\n{leak}");
        }
    }

    [GeneratedRegex(@"https://atrium\.example/reset-password\?token=(?<token>[A-Za-z0-9_-]{20,})")]
    private static partial Regex ResetLink();
}

public sealed class LogSecretsTests_Sqlite(LoggedSqliteApp app) : LogSecretsTests<LoggedSqliteApp>(app), IClassFixture<LoggedSqliteApp>;

public sealed class LogSecretsTests_Postgres(LoggedPostgresApp app) : LogSecretsTests<LoggedPostgresApp>(app), IClassFixture<LoggedPostgresApp>;
