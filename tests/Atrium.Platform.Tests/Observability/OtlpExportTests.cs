using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Observability;

/// <summary>With an OTLP endpoint configured, traces, metrics and logs are exported to it.</summary>
public sealed class OtlpExportTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Traces_metrics_and_logs_go_to_the_configured_collector()
    {
        await using var collector = new RecordingHttpServer("application/x-protobuf", answer: "");
        await using var exporting = app.WithWebHostBuilder(b => b
            .UseSetting("Atrium:Telemetry:OtlpEndpoint", collector.Address)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200")
            .UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "200")
            .UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500"));
        var traceId = Convert.FromHexString("4bf92f3577b34da6a3ce929d0e0e4736");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tags");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Assert.Equal(HttpStatusCode.OK, (await exporting.CreateClient().SendAsync(request)).StatusCode);

        var deadline = DateTime.UtcNow + Patience;
        while (!(collector.Received.Any(r => r.Path == "/v1/traces" && Contains(r.Body, traceId)) &&
                 collector.Received.Any(r => r.Path == "/v1/metrics") &&
                 collector.Received.Any(r => r.Path == "/v1/logs")))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"Not everything exported within {Patience}; received: {string.Join(", ", collector.Received.Select(r => r.Path).Distinct())}");
            await Task.Delay(100);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
