using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Observability;

/// <summary>The whole server on a real Kestrel socket (Prometheus must reach it over TCP).</summary>
public interface IKestrelApp
{
    int Port { get; }
}

public sealed class KestrelSqliteApp : SqliteApp, IKestrelApp
{
    public int Port { get; } = FreePort.Next();

    public override async Task InitializeAsync()
    {
        // Before the host is built (the first use of Services, in the base class).
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        await base.InitializeAsync();
    }
}

public sealed class KestrelPostgresApp : PostgresApp, IKestrelApp
{
    public int Port { get; } = FreePort.Next();

    public override async Task InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        await base.InitializeAsync();
    }
}

/// <summary>
/// A real Prometheus scrapes the running server's <c>/metrics</c> and a PromQL query returns the
/// request counter by route template, method and status; the platform's own meters are there too.
/// </summary>
public abstract class PrometheusTests<TApp>(TApp app) where TApp : AtriumApp, IKestrelApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_real_prometheus_scrapes_the_request_counter_by_route_method_and_status()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };
        var exposition = await client.GetStringAsync("/metrics");
        Assert.Contains("# TYPE", exposition, StringComparison.Ordinal);

        await using var prometheus = await PrometheusServer.StartAsync(app.Port);
        var deadline = DateTime.UtcNow + Patience;
        JsonArray result;
        while (true)
        {
            // Keep traffic flowing so each scrape has something new; the cache's hits count too.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
            result = await prometheus.QueryAsync("""http_server_request_duration_seconds_count{http_route="/api/tags"}""");
            if (result.Count > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No request counter in Prometheus after {Patience}. Targets: {await prometheus.TargetsAsync()}");
            await Task.Delay(250);
        }

        var series = result[0]!["metric"]!;
        Assert.Equal("GET", (string?)series["http_request_method"]);
        Assert.Equal("200", (string?)series["http_response_status_code"]);
        Assert.True(double.Parse((string)result[0]!["value"]![1]!, CultureInfo.InvariantCulture) >= 1);

        // The platform's meters reach Prometheus through the same scrape.
        Assert.NotEmpty(await prometheus.QueryAsync("atrium_cache_requests_total"));
        Assert.NotEmpty(await prometheus.QueryAsync("atrium_db_command_duration_seconds_count"));
        Assert.NotEmpty(await prometheus.QueryAsync("atrium_jobs_queue_depth"));
        Assert.NotEmpty(await prometheus.QueryAsync("""{__name__=~"dotnet_gc_collections_total|process_runtime_dotnet_gc_collections_count_total"}"""));
    }
}

/// <summary>
/// Run alone, after the parallel tests. The OpenTelemetry SDK subscribes to meters by name across
/// the process, and in a test process many hosts create same-named meters (one per host's
/// IMeterFactory): another host's meters ending while this one is scraped can end the shared stream.
/// A real deployment has one host per process.
/// </summary>
[CollectionDefinition(nameof(TelemetryAlone), DisableParallelization = true)]
public sealed class TelemetryAlone;

[Collection(nameof(TelemetryAlone))]
public sealed class PrometheusTests_Sqlite(KestrelSqliteApp app) : PrometheusTests<KestrelSqliteApp>(app), IClassFixture<KestrelSqliteApp>;

[Collection(nameof(TelemetryAlone))]
public sealed class PrometheusTests_Postgres(KestrelPostgresApp app) : PrometheusTests<KestrelPostgresApp>(app), IClassFixture<KestrelPostgresApp>;
