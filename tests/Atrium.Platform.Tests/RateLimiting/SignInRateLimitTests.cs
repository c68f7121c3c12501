using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>
/// Sign-up and sign-in: the stricter per-IP <c>Auth</c> policy, and the per-account lock-out after
/// failed logins, which holds whatever address the attempts come from.
/// </summary>
public sealed class SignInRateLimitTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Login_and_register_share_a_stricter_per_ip_limit_than_other_requests()
    {
        using var host = app.WithSettings(("Atrium:RateLimits:Auth:PermitLimit", "3"), ("Atrium:RateLimits:Auth:Window", "00:10:00"));
        var client = host.From("203.0.113.40");
        await client.RegisterFromAsync(app, "auth");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.LoginAsync("", "password123")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync("nobody@example.com", "password123")).StatusCode);

        await (await client.LoginAsync("nobody@example.com", "password123")).AssertRateLimitedAsync(maxRetryAfterSeconds: 600);
        await (await client.PostJsonAsync("/api/users", new { user = new { username = "x", email = "x@example.com", password = "password123" } }))
            .AssertRateLimitedAsync(maxRetryAfterSeconds: 600);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.From("203.0.113.41").LoginAsync("nobody@example.com", "password123")).StatusCode);
    }

    [Fact]
    public async Task Failed_logins_lock_the_account_across_addresses_until_the_window_ends()
    {
        using var host = app.WithSettings(("Atrium:RateLimits:LoginFailures:PermitLimit", "3"), ("Atrium:RateLimits:LoginFailures:Window", "00:15:00"));
        var victim = await host.From("192.0.2.1").RegisterFromAsync(app, "victim");
        var bystander = await host.From("192.0.2.1").RegisterFromAsync(app, "bystander");

        for (var i = 1; i <= 3; i++)
        {
            var attempt = await host.From($"203.0.113.{i}").LoginAsync(victim.Email.ToUpperInvariant(), "guess" + i);
            await attempt.AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials", "invalid");
        }

        // Locked now, even for the right password from a fresh address: no more guesses get checked.
        await (await host.From("198.51.100.1").LoginAsync(victim.Email, "password123")).AssertRateLimitedAsync(maxRetryAfterSeconds: 900);
        Assert.Equal(HttpStatusCode.OK, (await host.From("203.0.113.1").LoginAsync(bystander.Email, "password123")).StatusCode);
    }

    [Fact]
    public async Task Unknown_emails_lock_out_the_same_way_so_the_lock_reveals_nothing()
    {
        using var host = app.WithSettings(("Atrium:RateLimits:LoginFailures:PermitLimit", "2"));
        var email = Api.Unique("ghost") + "@example.com";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.From("203.0.113.50").LoginAsync(email, "password123")).StatusCode);
        }

        await (await host.From("203.0.113.51").LoginAsync(email, "password123")).AssertRateLimitedAsync(maxRetryAfterSeconds: 900);
    }

    [Fact]
    public async Task Blank_fields_and_successful_logins_do_not_count_as_failures()
    {
        using var host = app.WithSettings(("Atrium:RateLimits:LoginFailures:PermitLimit", "1"));
        var user = await host.From("192.0.2.2").RegisterFromAsync(app, "steady");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.From("192.0.2.2").LoginAsync(user.Email, "")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.From("192.0.2.2").LoginAsync(user.Email, "password123")).StatusCode);
        }
    }
}
