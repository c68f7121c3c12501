using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Atrium.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>), started by <c>scripts/prometheus-throwaway.sh</c>,
/// scraping one target's <c>/metrics</c> on 127.0.0.1 every second. Stopped (its data deleted) on
/// dispose, or by the script's watchdog when the test process dies.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string OwnerVariable = "PROMETHEUS_THROWAWAY_OWNER_PID";
    private const int StartAttempts = 3;

    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(string directory, Uri address)
    {
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>Starts a server that scrapes <c>http://127.0.0.1:<paramref name="targetPort"/>/metrics</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(int targetPort)
    {
        var script = ThrowawayScript.PathOf("prometheus-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"atrium-prometheus-{Guid.NewGuid():N}");
            var port = FreePort.Next();
            var result = await ThrowawayScript.RunScriptAsync(script, OwnerVariable,
                ["start", directory, port.ToString(CultureInfo.InvariantCulture), $"127.0.0.1:{targetPort}"]);
            if (result.Succeeded)
            {
                return new PrometheusServer(directory, new Uri(result.Stdout.Trim()));
            }

            failures.Add(result.ToString());
        }

        throw new InvalidOperationException($"Prometheus did not start ({StartAttempts} attempts):\n{string.Join('\n', failures)}");
    }

    /// <summary>An instant PromQL query; the <c>data.result</c> array (empty when nothing matches yet).</summary>
    public async Task<JsonArray> QueryAsync(string promql, CancellationToken ct = default)
    {
        var json = await _http.GetFromJsonAsync<JsonNode>($"/api/v1/query?query={Uri.EscapeDataString(promql)}", ct)
            ?? throw new InvalidOperationException("Prometheus answered with an empty body.");
        if ((string?)json["status"] != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{promql}': {json.ToJsonString()}");
        }

        return json["data"]?["result"]?.AsArray() ?? [];
    }

    /// <summary>The health of each scrape target (<c>/api/v1/targets</c>), for failure messages.</summary>
    public async Task<string> TargetsAsync(CancellationToken ct = default) =>
        await _http.GetStringAsync("/api/v1/targets", ct);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await ThrowawayScript.RunScriptAsync(ThrowawayScript.PathOf("prometheus-throwaway.sh"), OwnerVariable, ["stop", _directory]);
    }
}
