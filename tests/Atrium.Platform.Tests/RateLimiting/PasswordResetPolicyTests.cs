using System.Net;
using Atrium.Platform.RateLimiting;
using Atrium.Platform.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>
/// The <see cref="RateLimitPolicies.PasswordReset"/> policy on a stand-in endpoint in a host of its
/// own (the password-reset endpoints apply the same policy).
/// </summary>
public sealed class PasswordResetPolicyTests
{
    [Fact]
    public async Task The_password_reset_policy_limits_per_ip_with_its_own_tier()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Atrium:RateLimits:PasswordReset:PermitLimit"] = "2";
        builder.Configuration["Atrium:RateLimits:PasswordReset:Window"] = "01:00:00";
        builder.Services.AddAtriumRedis().AddAtriumRateLimiting();
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[RateLimitHosts.PeerHeader].ToString());
            return next(context);
        });
        app.UseAtriumRateLimiting();
        app.MapPost("/reset", () => TypedResults.NoContent()).RequireRateLimiting(RateLimitPolicies.PasswordReset);
        app.MapPost("/other", () => TypedResults.NoContent());
        await app.StartAsync();

        using var first = Client(app, "203.0.113.60");
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/reset", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/reset", null)).StatusCode);
        await (await first.PostAsync("/reset", null)).AssertRateLimitedAsync(maxRetryAfterSeconds: 3600);
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/other", null)).StatusCode);
        using var second = Client(app, "203.0.113.61");
        Assert.Equal(HttpStatusCode.NoContent, (await second.PostAsync("/reset", null)).StatusCode);
    }

    private static HttpClient Client(WebApplication app, string address)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add(RateLimitHosts.PeerHeader, address);
        return client;
    }
}
