using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.Resilience;

public sealed class ShortLivedCacheApp : WeatherSqliteApp
{
    public ShortLivedCacheApp()
    {
        Settings["Atrium:Weather:CurrentTtl"] = "00:00:01";
        Settings["Atrium:Weather:ForecastTtl"] = "00:00:01";
    }
}

/// <summary>When the upstream fails, the last good answer is served, marked stale; without one, a clear 503.</summary>
public sealed class ServeStaleTests(ShortLivedCacheApp app) : IClassFixture<ShortLivedCacheApp>, IDisposable
{
    public void Dispose() => app.Upstream.Mode = UpstreamMode.Normal;

    [Theory]
    [InlineData(UpstreamMode.ServerError)]
    [InlineData(UpstreamMode.TooManyRequests)]
    [InlineData(UpstreamMode.Drop)]
    public async Task A_failing_upstream_gets_the_last_good_answer_marked_stale_and_counted(UpstreamMode failure)
    {
        var stale = new ConcurrentBag<string>();
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "atrium.weather.cache.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    stale.Add((string)tag.Value!);
                }
            }
        });
        meters.Start();

        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        var client = app.CreateClient();
        var (fresh, good) = await client.GetJsonAsync(url);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        app.Upstream.Mode = failure;
        HttpResponseMessage? last = null;
        // The fresh entry lives a second; once it is gone the failing upstream is asked, and the last good answer comes back.
        await WeatherApi.EventuallyAsync(async () =>
        {
            last = await client.GetAsync(url);
            return last.Header("X-Atrium-Cache") != "hit";
        }, "the fresh entry to expire");

        Assert.Equal(HttpStatusCode.OK, last!.StatusCode);
        Assert.Equal("stale", last.Header("X-Atrium-Cache"));
        Assert.Contains("110", last.Header("Warning"));
        Assert.True(last.Headers.Age >= TimeSpan.FromSeconds(1));
        Assert.Equal(good.ToJsonString(), (await last.JsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Contains("stale", stale);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_without_a_good_answer_the_caller_gets_a_503_in_open_meteos_shape()
    {
        app.Upstream.Mode = UpstreamMode.ServerError;
        var (lat, lon) = WeatherApi.UniquePlace();
        var response = await app.CreateClient().GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");

        Assert.Contains("unavailable", await response.OpenMeteoErrorAsync(HttpStatusCode.ServiceUnavailable));
        Assert.NotNull(response.Headers.RetryAfter);
        // The first attempt and two retries.
        Assert.Equal(3, app.Upstream.CallsFor(lat));
    }

    [Fact]
    public async Task A_200_that_is_not_json_is_a_failure_never_cached_or_served_as_a_forecast()
    {
        app.Upstream.Mode = UpstreamMode.NotJson;
        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        var client = app.CreateClient();
        Assert.Contains("not JSON", await (await client.GetAsync(url)).OpenMeteoErrorAsync(HttpStatusCode.ServiceUnavailable));

        app.Upstream.Mode = UpstreamMode.Normal;
        var (fixedResponse, json) = await client.GetJsonAsync(url);
        Assert.Equal("miss", fixedResponse.Header("X-Atrium-Cache"));
        Assert.NotNull(json["hourly"]);
    }

    [Fact]
    public async Task The_city_endpoint_serves_stale_too_and_answers_503_in_the_platform_shape_without_one()
    {
        var client = app.CreateClient();
        var (fresh, _) = await client.GetJsonAsync("/api/weather?city=Paris&days=3");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        app.Upstream.Mode = UpstreamMode.ServerError;
        System.Text.Json.Nodes.JsonNode? json = null;
        await WeatherApi.EventuallyAsync(async () =>
        {
            (_, json) = await client.GetJsonAsync("/api/weather?city=Paris&days=3");
            return (string?)json["weather"]?["cache"] == "stale";
        }, "a stale city answer");
        Assert.Equal("Paris", (string?)json!["weather"]!["place"]!["name"]);

        var unavailable = await client.GetAsync("/api/weather?city=Paris&days=4");
        await unavailable.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "weather");
        Assert.Equal(TimeSpan.FromSeconds(30), unavailable.Headers.RetryAfter!.Delta);
    }
}
