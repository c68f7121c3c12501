using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.Resilience;

public sealed class TrippingBreakerApp : WeatherSqliteApp
{
    public TrippingBreakerApp()
    {
        Settings["Atrium:Weather:RetryAttempts"] = "0";
        Settings["Atrium:Weather:BreakerMinimumThroughput"] = "2";
        Settings["Atrium:Weather:BreakerFailureRatio"] = "0.5";
        Settings["Atrium:Weather:BreakerSamplingDuration"] = "00:00:30";
        // Long enough that a loaded machine cannot reach half-open before the test looks at the open breaker.
        Settings["Atrium:Weather:BreakerBreakDuration"] = "00:00:03";
    }
}

/// <summary>The breaker opens after repeated upstream failures, stops calling, then lets one call through (half-open) and closes on success.</summary>
public sealed class BreakerTests(TrippingBreakerApp app) : IClassFixture<TrippingBreakerApp>
{
    [Fact]
    public async Task The_breaker_opens_on_failures_then_half_opens_and_closes_when_the_upstream_recovers()
    {
        var client = app.CreateClient();
        app.Upstream.Mode = UpstreamMode.ServerError;
        for (var i = 0; i < 2; i++)
        {
            var (lat, lon) = WeatherApi.UniquePlace();
            var failed = await client.GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Equal(1, BreakerState());
        var calls = app.Upstream.ForecastCalls;
        var (openLat, openLon) = WeatherApi.UniquePlace();
        var refused = await client.GetAsync($"/v1/forecast?latitude={openLat}&longitude={openLon}&hourly=temperature_2m");
        Assert.Contains("paused", await refused.OpenMeteoErrorAsync(HttpStatusCode.ServiceUnavailable));
        Assert.Equal(calls, app.Upstream.ForecastCalls);

        app.Upstream.Mode = UpstreamMode.Normal;
        // After the break the next call is let through (half-open); its success closes the breaker.
        await WeatherApi.EventuallyAsync(async () =>
        {
            var probe = await client.GetAsync($"/v1/forecast?latitude={openLat}&longitude={openLon}&hourly=temperature_2m");
            return probe.StatusCode == HttpStatusCode.OK;
        }, "the breaker to let a call through");
        Assert.Equal(0, BreakerState());
        Assert.Equal(calls + 1, app.Upstream.ForecastCalls);
    }

    [Fact]
    public async Task Upstream_400s_are_not_failures_for_the_breaker()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var (lat, lon) = WeatherApi.UniquePlace();
            var rejected = await client.GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=bogus_{i}");
            await rejected.OpenMeteoErrorAsync(HttpStatusCode.BadRequest);
        }

        var (okLat, okLon) = WeatherApi.UniquePlace();
        var ok = await client.GetAsync($"/v1/forecast?latitude={okLat}&longitude={okLon}&hourly=temperature_2m");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    /// <summary>The forecast breaker as the <c>atrium.weather.breaker.state</c> gauge reports it.</summary>
    private int BreakerState()
    {
        var state = -1;
        // Other test classes run their own servers in this process: listen to this app's meter only.
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "atrium.weather.breaker.state")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "api" && (string?)tag.Value == "forecast")
                {
                    state = value;
                }
            }
        });
        meters.Start();
        meters.RecordObservableInstruments();
        return state;
    }
}
