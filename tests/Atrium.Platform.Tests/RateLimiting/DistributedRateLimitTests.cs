using System.Net;
using Atrium.Platform.Redis;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>
/// With <c>ConnectionStrings:Redis</c> set, instances share their counts through a real Redis; when
/// Redis cannot be reached, each instance still limits on its own and no request fails.
/// </summary>
public sealed class DistributedRateLimitTests(SqliteApp app) : IClassFixture<SqliteApp>, IAsyncLifetime
{
    private string redis = "";

    public async Task InitializeAsync() => redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();

    public async Task DisposeAsync() => await (await RedisServer.SharedAsync()).DropDatabaseAsync(redis);

    [Fact]
    public async Task Two_instances_sharing_redis_share_one_limit()
    {
        (string, string)[] settings = [("ConnectionStrings:Redis", redis), ("Atrium:RateLimits:Anonymous:PermitLimit", "6")];
        using var first = app.WithSettings(settings);
        using var second = app.WithSettings(settings);
        await WaitForRedisAsync(first, second);
        var (a, b) = (first.From("203.0.113.70"), second.From("203.0.113.70"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/tags")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/tags")).StatusCode);
        }

        await (await a.GetAsync("/api/tags")).AssertRateLimitedAsync(maxRetryAfterSeconds: 10);
        await (await b.GetAsync("/api/tags")).AssertRateLimitedAsync(maxRetryAfterSeconds: 10);
        Assert.Equal(HttpStatusCode.OK, (await second.From("203.0.113.71").GetAsync("/api/tags")).StatusCode);
    }

    [Fact]
    public async Task A_login_lock_out_on_one_instance_holds_on_the_other()
    {
        (string, string)[] settings = [("ConnectionStrings:Redis", redis), ("Atrium:RateLimits:LoginFailures:PermitLimit", "2")];
        using var first = app.WithSettings(settings);
        using var second = app.WithSettings(settings);
        await WaitForRedisAsync(first, second);
        var user = await first.From("192.0.2.91").RegisterFromAsync(app, "shared");

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.From("203.0.113.80").LoginAsync(user.Email, "wrong-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.From("203.0.113.81").LoginAsync(user.Email, "wrong-2")).StatusCode);

        await (await first.From("203.0.113.82").LoginAsync(user.Email, "password123")).AssertRateLimitedAsync(maxRetryAfterSeconds: 900);
        await (await second.From("203.0.113.83").LoginAsync(user.Email, "password123")).AssertRateLimitedAsync(maxRetryAfterSeconds: 900);
    }

    [Fact]
    public async Task With_redis_unreachable_each_instance_limits_in_memory_and_nothing_fails()
    {
        using var host = app.WithSettings(
            ("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=500"),
            ("Atrium:RateLimits:Anonymous:PermitLimit", "3"));
        var client = host.From("203.0.113.90");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
        }

        await (await client.GetAsync("/api/tags")).AssertRateLimitedAsync(maxRetryAfterSeconds: 10);
        Assert.Equal(HttpStatusCode.OK, (await host.From("203.0.113.91").GetAsync("/api/tags")).StatusCode);
    }

    /// <summary>
    /// Each host connects to Redis in the background and counts in memory until then; poll (up to
    /// 30 s) until every host's shared connection is up, so the test sees the shared counts.
    /// </summary>
    private static async Task WaitForRedisAsync(params WebApplicationFactory<Program>[] hosts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var host in hosts)
        {
            var redis = await host.Services.GetRequiredService<RedisConnection>().GetAsync();
            while (!redis.IsConnected)
            {
                Assert.True(DateTime.UtcNow < deadline, "Redis did not connect within 30 s.");
                await Task.Delay(50);
            }
        }
    }
}
