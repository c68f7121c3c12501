using Atrium.Weather.Caching;
using Atrium.Weather.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.Caching;

public sealed class WarmupApp : WeatherSqliteApp
{
    public WarmupApp() => Settings["Atrium:Weather:WarmupTop"] = "1";
}

/// <summary>The warm-up job refreshes the most requested forecasts, and only those.</summary>
public sealed class WarmupTests(WarmupApp app) : IClassFixture<WarmupApp>
{
    [Fact]
    public async Task The_most_requested_forecast_is_refreshed_and_the_rest_left_alone()
    {
        var client = app.CreateClient();
        var (popularLat, popularLon) = WeatherApi.UniquePlace();
        var (rareLat, rareLon) = WeatherApi.UniquePlace();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync($"/v1/forecast?latitude={popularLat}&longitude={popularLon}&hourly=temperature_2m");
        }

        await client.GetAsync($"/v1/forecast?latitude={rareLat}&longitude={rareLon}&hourly=temperature_2m");
        await WeatherApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WeatherDbContext>().Requests.CountAsync() >= 4;
        }, "the requests to be recorded");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ForecastWarmer>().WarmAsync(CancellationToken.None));
        }

        Assert.Equal(2, app.Upstream.CallsFor(popularLat));
        Assert.Equal(1, app.Upstream.CallsFor(rareLat));
        var (refreshed, _) = await client.GetJsonAsync($"/v1/forecast?latitude={popularLat}&longitude={popularLon}&hourly=temperature_2m");
        Assert.Equal("hit", refreshed.Header("X-Atrium-Cache"));
    }
}
