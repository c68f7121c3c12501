using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Observability;

/// <summary>The telemetry switches: <c>/metrics</c> on by default and off on request; a bad log format stops the start.</summary>
public sealed class TelemetryConfigurationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Metrics_are_served_in_the_prometheus_text_format_by_default()
    {
        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        await using var off = app.WithWebHostBuilder(b => b.UseSetting("Atrium:Telemetry:PrometheusEnabled", "false"));

        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void An_unknown_log_format_stops_the_start()
    {
        using var bad = app.WithWebHostBuilder(b => b.UseSetting("Atrium:Logging:Format", "xml"));

        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Atrium:Logging:Format", error.ToString(), StringComparison.Ordinal);
    }
}
