using System.Net;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Todo.Tests.Api;

/// <summary>A server whose sign-up tier (which also limits guest-list creation) allows three per window.</summary>
public sealed class StrictLimitsApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:RateLimits:Auth:PermitLimit", "3");
        builder.UseSetting("Atrium:RateLimits:Auth:Window", "01:00:00");
    }
}

public sealed class GuestListRateLimitTests(StrictLimitsApp app) : IClassFixture<StrictLimitsApp>
{
    [Fact]
    public async Task Creating_guest_lists_is_rate_limited_per_client()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateListAsync();
        }

        var refused = await client.PostAsync("/api/todo-lists", null);
        Assert.NotNull(refused.Headers.RetryAfter);
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate");
    }
}
