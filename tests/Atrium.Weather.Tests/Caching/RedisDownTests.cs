using System.Net;
using Atrium.Testing;

namespace Atrium.Weather.Tests.Caching;

public sealed class RedisDownApp : WeatherSqliteApp
{
    // Nothing listens there: the cache's second level fails on every call.
    public RedisDownApp() => Settings["ConnectionStrings:Redis"] = $"127.0.0.1:{FreePort.Next()},connectTimeout=200,syncTimeout=200,asyncTimeout=200";
}

/// <summary>A Redis outage costs the shared cache level, never an answer.</summary>
public sealed class RedisDownTests(RedisDownApp app) : IClassFixture<RedisDownApp>
{
    [Fact]
    public async Task Forecasts_are_still_answered_when_redis_is_unreachable()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var (response, json) = await client.GetJsonAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(json["hourly"]);
        }

        var (city, _) = await client.GetJsonAsync("/api/weather?city=Paris");
        Assert.Equal(HttpStatusCode.OK, city.StatusCode);
    }
}
