using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Atrium.Deploy.Tests;

/// <summary>
/// Prometheus' own checker (promtool, from the prometheus package scripts/ensure-deps.sh installs)
/// on the scrape configuration and on every dashboard query.
/// </summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task The_scrape_configuration_is_valid()
    {
        var (exit, output) = await PromtoolAsync("check", "config", Path.Combine(DeployFiles.DeployDirectory, "prometheus", "prometheus.yml"));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_PromQL()
    {
        // Each query becomes a recording rule, which promtool parses; Grafana's $__rate_interval
        // is replaced by a duration as Grafana would.
        var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DeployFiles.DeployDirectory, "grafana", "dashboards"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                if (!panel.TryGetProperty("targets", out var targets))
                {
                    continue;
                }

                foreach (var target in targets.EnumerateArray())
                {
                    var expr = target.GetProperty("expr").GetString()!.Replace("$__rate_interval", "5m", StringComparison.Ordinal);
                    rules.Append("      - record: dashboard:query").Append(count++).Append('\n')
                        .Append("        expr: ").Append(JsonSerializer.Serialize(expr)).Append('\n');
                }
            }
        }

        Assert.True(count > 10, $"only {count} queries found");
        var path = Path.Combine(Directory.CreateTempSubdirectory("atrium-promql-").FullName, "rules.yml");
        await File.WriteAllTextAsync(path, rules.ToString());
        try
        {
            var (exit, output) = await PromtoolAsync("check", "rules", path);
            Assert.True(exit == 0, output);
            Assert.Contains($"{count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("promtool", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
