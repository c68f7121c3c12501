using System.Net;
using Atrium.Platform.Redis;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.Caching;

public sealed class RedisWeatherApp(string redis) : WeatherSqliteApp
{
    public override Task InitializeAsync()
    {
        Settings["ConnectionStrings:Redis"] = redis;
        Settings["Atrium:Weather:AnonymousQuota:PermitLimit"] = "3";
        Settings["Atrium:Weather:AnonymousQuota:Window"] = "00:10:00";
        return base.InitializeAsync();
    }
}

/// <summary>Two servers sharing one real Redis: they share the cache's second level and the quota windows.</summary>
public sealed class RedisPair : IAsyncLifetime
{
    private string? _redis;

    public RedisWeatherApp First { get; private set; } = null!;

    public RedisWeatherApp Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();
        First = new RedisWeatherApp(_redis);
        Second = new RedisWeatherApp(_redis);
        await First.InitializeAsync();
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        await (await RedisServer.SharedAsync()).DropDatabaseAsync(_redis!);
    }
}

public sealed class RedisCacheTests(RedisPair pair) : IClassFixture<RedisPair>
{
    [Fact]
    public async Task A_forecast_fetched_by_one_instance_is_a_hit_on_another_and_the_anonymous_quota_is_shared()
    {
        // Connected first: until then each instance counts quotas on its own (the platform's fallback).
        await pair.First.Services.GetRequiredService<RedisConnection>().GetAsync();
        await pair.Second.Services.GetRequiredService<RedisConnection>().GetAsync();
        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        var (first, body) = await pair.First.CreateClient().GetJsonAsync(url);
        Assert.Equal("miss", first.Header("X-Atrium-Cache"));

        var (second, shared) = await pair.Second.CreateClient().GetJsonAsync(url);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("hit", second.Header("X-Atrium-Cache"));
        Assert.Equal(body.ToJsonString(), shared.ToJsonString());
        Assert.Equal(1, pair.First.Upstream.CallsFor(lat));
        Assert.Equal(0, pair.Second.Upstream.CallsFor(lat));

        // Two requests so far from the same (test) address; the quota of three is counted in Redis for both.
        Assert.Equal(HttpStatusCode.OK, (await pair.First.CreateClient().GetAsync(url)).StatusCode);
        await (await pair.Second.CreateClient().GetAsync(url)).OpenMeteoErrorAsync(HttpStatusCode.TooManyRequests);
    }
}
