using System.Net;
using System.Text.RegularExpressions;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Atrium.Platform.Tests.Accounts;

/// <summary>A real SMTP listener (aiosmtpd on 127.0.0.1) for a test class.</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpListener Smtp { get; private set; } = null!;

    public async Task InitializeAsync() => Smtp = await SmtpListener.StartAsync();

    public async Task DisposeAsync() => await Smtp.DisposeAsync();
}

public abstract partial class PasswordResetTests(AtriumApp app, SmtpFixture smtp)
{
    private readonly WebApplicationFactory<Program> mailing = app.WithWebHostBuilder(b => b
        .UseSetting("Atrium:Mail:Smtp:Host", "127.0.0.1")
        .UseSetting("Atrium:Mail:Smtp:Port", smtp.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("Atrium:Auth:PasswordResetUrl", "https://atrium.example/reset?token={token}"));

    [Fact]
    public async Task A_reset_mails_a_link_over_smtp_and_the_token_sets_a_new_password()
    {
        var user = await app.RegisterAsync("reset");
        var client = mailing.CreateClient();

        var requested = await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email.ToUpperInvariant() } });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);

        var mail = await smtp.Smtp.WaitForMessageToAsync(user.Email);
        var token = TokenIn(mail);
        Assert.Contains($"https://atrium.example/reset?token={token}", mail.TextBody, StringComparison.Ordinal);

        var confirmed = await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token, password = "a new password" } });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);

        await (await client.PostJsonAsync("/api/users/login", new { user = new { email = user.Email, password = "password123" } }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials");
        await (await client.PostJsonAsync("/api/users/login", new { user = new { email = user.Email, password = "a new password" } }))
            .JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_ends_every_session_access_and_refresh()
    {
        var username = Api.Unique("ended");
        var email = $"{username}@example.com";
        var client = mailing.CreateClient();
        var registered = (await (await client.PostJsonAsync("/api/users", new { user = new { username, email, password = "password123" } }))
            .JsonAsync(HttpStatusCode.Created))["user"]!;

        await client.PostJsonAsync("/api/users/password-reset", new { user = new { email } });
        var token = TokenIn(await smtp.Smtp.WaitForMessageToAsync(email));
        await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token, password = "another password" } });

        await (await app.ClientWithToken((string?)registered["token"]).GetAsync("/api/user"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is invalid");
        await (await client.PostJsonAsync("/api/users/token", new { refreshToken = (string?)registered["refreshToken"] }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");

        // A fresh login works with tokens that carry the new version.
        var login = (await (await client.PostJsonAsync("/api/users/login", new { user = new { email, password = "another password" } }))
            .JsonAsync(HttpStatusCode.OK))["user"]!;
        await (await app.ClientWithToken((string?)login["token"]).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_works_once()
    {
        var user = await app.RegisterAsync("once");
        var client = mailing.CreateClient();
        await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });
        var token = TokenIn(await smtp.Smtp.WaitForMessageToAsync(user.Email));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token, password = "first choice" } })).StatusCode);
        await (await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token, password = "second choice" } }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "token", "is invalid or has expired");
    }

    [Fact]
    public async Task A_newer_request_supersedes_the_older_link()
    {
        var user = await app.RegisterAsync("newer");
        var client = mailing.CreateClient();
        await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });
        var first = TokenIn(await smtp.Smtp.WaitForMessageToAsync(user.Email));
        await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });
        var second = TokenIn(await smtp.Smtp.WaitForMessageToAsync(user.Email, count: 2));

        await (await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token = first, password = "first choice" } }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "token");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token = second, password = "second choice" } })).StatusCode);
    }

    [Fact]
    public async Task A_token_expires_after_thirty_minutes()
    {
        var user = await app.RegisterAsync("expiry");
        await mailing.CreateClient().PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });
        var token = TokenIn(await smtp.Smtp.WaitForMessageToAsync(user.Email));

        // Only the confirmation runs on a clock 31 minutes ahead: the mail job keeps real time.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = mailing.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = timed.CreateClient();
        clock.Advance(TimeSpan.FromMinutes(31));
        await (await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token, password = "too late now" } }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "token", "is invalid or has expired");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var client = mailing.CreateClient();
        var unknown = $"{Api.Unique("nobody")}@example.com";
        var user = await app.RegisterAsync("known");

        var forUnknown = await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = unknown } });
        var forKnown = await client.PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        await smtp.Smtp.WaitForMessageToAsync(user.Email);
        Assert.Empty(smtp.Smtp.MessagesTo(unknown));
    }

    [Fact]
    public async Task A_mail_server_that_is_down_delays_the_mail_and_the_job_retries_until_it_is_up()
    {
        var port = FreePort.Next();
        await using var retrying = app.WithWebHostBuilder(b => b
            .UseSetting("Atrium:Mail:Smtp:Host", "127.0.0.1")
            .UseSetting("Atrium:Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Atrium:Jobs:RetryBaseDelay", "00:00:01")
            .UseSetting("Atrium:Jobs:RetryMaxDelay", "00:00:02"));
        var user = await app.RegisterAsync("smtpdown");

        var requested = await retrying.CreateClient().PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2)); // at least one attempt fails against the closed port

        await using var late = await SmtpListener.StartAsync(port);
        var mail = await late.WaitForMessageToAsync(user.Email);
        var confirmed = await retrying.CreateClient().PostJsonAsync("/api/users/password-reset/confirm",
            new { user = new { token = TokenIn(mail), password = "after the outage" } });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
    }

    [Fact]
    public async Task Resets_have_their_own_strict_limit_per_client()
    {
        await using var strict = app.WithWebHostBuilder(b => b.UseSetting("Atrium:RateLimits:PasswordReset:PermitLimit", "2"));
        var client = strict.CreateClient();
        var email = $"{Api.Unique("limited")}@example.com";

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/users/password-reset", new { user = new { email } })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/users/password-reset", new { user = new { email } })).StatusCode);
        var refused = await client.PostJsonAsync("/api/users/password-reset/confirm", new { user = new { token = "guess", password = "long enough" } });
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate");
        Assert.True(refused.Headers.RetryAfter is not null);
    }

    [Theory]
    [InlineData("""{}""", "user")]
    [InlineData("""{"user":{}}""", "email")]
    [InlineData("""{"user":{"email":"not-an-address"}}""", "email")]
    public async Task Bad_reset_requests_are_422(string body, string field)
    {
        var response = await mailing.CreateClient().SendRawAsync(HttpMethod.Post, "/api/users/password-reset", body);
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
    }

    [Theory]
    [InlineData("""{}""", "user")]
    [InlineData("""{"user":{"password":"long enough"}}""", "token")]
    [InlineData("""{"user":{"token":"abc","password":"short"}}""", "password")]
    [InlineData("""{"user":{"token":"made-up","password":"long enough"}}""", "token")]
    public async Task Bad_confirmations_are_422(string body, string field)
    {
        var response = await mailing.CreateClient().SendRawAsync(HttpMethod.Post, "/api/users/password-reset/confirm", body);
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
    }

    [Fact]
    public async Task Without_an_smtp_host_mails_go_to_the_pickup_folder()
    {
        var user = await app.RegisterAsync("pickup");
        await app.CreateClient().PostJsonAsync("/api/users/password-reset", new { user = new { email = user.Email } });

        var folder = Path.Combine(app.DataDirectory, "mail");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        MimeMessage? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            found = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.To.ToString().Contains(user.Email, StringComparison.OrdinalIgnoreCase))
                : null;
            await Task.Delay(100);
        }

        Assert.NotNull(found);
        Assert.Matches(TokenPattern(), found.TextBody);
    }


    private static string TokenIn(MimeMessage mail) => TokenPattern().Match(mail.TextBody ?? "").Groups[1].Value;

    [GeneratedRegex(@"token=([A-Za-z0-9_-]{43})")]
    private static partial Regex TokenPattern();
}

public sealed class PasswordResetTests_Sqlite(SqliteApp app, SmtpFixture smtp)
    : PasswordResetTests(app, smtp), IClassFixture<SqliteApp>, IClassFixture<SmtpFixture>;

public sealed class PasswordResetTests_Postgres(PostgresApp app, SmtpFixture smtp)
    : PasswordResetTests(app, smtp), IClassFixture<PostgresApp>, IClassFixture<SmtpFixture>;
