using System.Net;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Weather.Tests.Resilience;

public sealed class ImpatientApp : WeatherSqliteApp
{
    public ImpatientApp()
    {
        // Long enough for a request to reach the fake on a loaded machine, far shorter than its delay.
        Settings["Atrium:Weather:AttemptTimeout"] = "00:00:01";
        Settings["Atrium:Weather:RetryAttempts"] = "1";
        Upstream.SlowDelay = TimeSpan.FromSeconds(20);
    }
}

/// <summary>A slow upstream is cut off by the attempt timeout and retried once; the caller gets a 503, not a hang.</summary>
public sealed class TimeoutTests(ImpatientApp app) : IClassFixture<ImpatientApp>
{
    [Fact]
    public async Task A_slow_upstream_times_out_per_attempt_and_the_caller_gets_a_503()
    {
        app.Upstream.Mode = UpstreamMode.Slow;
        var (lat, lon) = WeatherApi.UniquePlace();
        var response = await app.CreateClient().GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");

        Assert.Contains("did not answer in time", await response.OpenMeteoErrorAsync(HttpStatusCode.ServiceUnavailable));
        Assert.Equal(2, app.Upstream.CallsFor(lat));
    }
}

public sealed class UnreachableUpstreamApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Nothing listens there: every connection is refused.
        var closed = $"http://127.0.0.1:{FreePort.Next()}";
        builder.UseSetting("Atrium:Weather:ForecastBaseUrl", closed);
        builder.UseSetting("Atrium:Weather:GeocodingBaseUrl", closed);
        builder.UseSetting("Atrium:Weather:RetryBaseDelay", "00:00:00.010");
    }
}

public sealed class UnreachableUpstreamTests(UnreachableUpstreamApp app) : IClassFixture<UnreachableUpstreamApp>
{
    [Fact]
    public async Task A_refused_connection_is_a_503_on_both_endpoints_never_a_500()
    {
        var client = app.CreateClient();
        var forecast = await client.GetAsync("/v1/forecast?latitude=1.23&longitude=4.56&hourly=temperature_2m");
        Assert.Contains("cannot be reached", await forecast.OpenMeteoErrorAsync(HttpStatusCode.ServiceUnavailable));

        var city = await client.GetAsync("/api/weather?city=Berlin");
        await city.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "geocoding");
    }
}
