using System.Net;
using Atrium.Testing;
using Atrium.Platform.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>
/// The global limiter, counted in memory: per client IP without a token, per user with one.
/// Limits do not depend on the database, so SQLite alone carries these tests.
/// </summary>
public sealed class GlobalRateLimitTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly (string, string)[] Tight =
    [
        ("Atrium:RateLimits:Anonymous:PermitLimit", "3"),
        ("Atrium:RateLimits:Anonymous:Window", "00:10:00"),
        ("Atrium:RateLimits:Authenticated:PermitLimit", "4"),
        ("Atrium:RateLimits:Authenticated:Window", "00:10:00"),
    ];

    [Fact]
    public async Task Anonymous_callers_are_limited_per_ip_with_429_retry_after_and_the_error_shape()
    {
        using var host = app.WithSettings(Tight);
        var first = host.From("203.0.113.10");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/tags")).StatusCode);
        }

        await (await first.GetAsync("/api/tags")).AssertRateLimitedAsync(maxRetryAfterSeconds: 600);
        // Any endpoint, same caller: the global limiter covers them all.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync("/api/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.From("203.0.113.11").GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_users_on_one_ip_each_have_their_own_bucket()
    {
        using var host = app.WithSettings([.. Tight, ("Atrium:RateLimits:Anonymous:PermitLimit", "100")]);
        var anonymous = host.From("198.51.100.7");
        var alice = await anonymous.RegisterFromAsync(app, "alice");
        var bob = await anonymous.RegisterFromAsync(app, "bob");

        var asAlice = host.From("198.51.100.7", alice.Token);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await asAlice.GetAsync("/api/user")).StatusCode);
        }

        await (await asAlice.GetAsync("/api/user")).AssertRateLimitedAsync(maxRetryAfterSeconds: 600);
        // Alice's limit follows her to another address; Bob and anonymous callers on hers are untouched.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.From("192.0.2.1", alice.Token).GetAsync("/api/user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.From("198.51.100.7", bob.Token).GetAsync("/api/user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_token_counts_against_the_ip_not_a_user()
    {
        using var host = app.WithSettings(Tight);
        var forged = host.From("203.0.113.20", "not.a.token");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync("/api/tags")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.From("203.0.113.20").GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task IPv6_callers_are_counted_per_64_prefix()
    {
        using var host = app.WithSettings(Tight);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.From($"2001:db8:1:2::{i}").GetAsync("/api/tags")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.From("2001:db8:1:2:ffff::9").GetAsync("/api/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.From("2001:db8:1:3::1").GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task Switched_off_nothing_is_limited()
    {
        using var host = app.WithSettings([.. Tight, ("Atrium:RateLimits:Enabled", "false")]);
        var client = host.From("203.0.113.30");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
        }
    }

    [Theory]
    [InlineData("Atrium:RateLimits:Anonymous:PermitLimit", "0")]
    [InlineData("Atrium:RateLimits:Auth:Window", "00:00:00")]
    [InlineData("Atrium:RateLimits:LoginFailures:Window", "30.00:00:00")]
    [InlineData("Atrium:Http:KnownProxies:0", "not-an-address")]
    [InlineData("Atrium:Http:KnownNetworks:0", "10.0.0.0")]
    public void A_bad_limit_stops_the_start(string key, string value)
    {
        using var host = app.WithSettings((key, value));
        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains(key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_generous_for_callers_and_strict_for_sign_in()
    {
        var options = app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.True(options.Enabled);
        // The RealWorld suite (~25 sign-ups and logins per run from one IP) must pass many runs in a row.
        Assert.True(options.Auth.PermitLimit >= 100);
        Assert.True(options.LoginFailures.PermitLimit <= 10);
        Assert.True(options.Anonymous.PermitLimit / options.Anonymous.Window.TotalSeconds >= 10_000);
    }
}
