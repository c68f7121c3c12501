using System.Text.RegularExpressions;

namespace Atrium.Deploy.Tests;

/// <summary>
/// The metric names Prometheus can see from Atrium: the instruments Atrium defines in its source
/// (converted the way the OpenTelemetry Prometheus exporter converts them) plus the standard ones of
/// ASP.NET Core, Kestrel and the .NET runtime.
/// </summary>
internal static partial class MetricNames
{
    /// <summary>
    /// Standard instruments the server exposes, as recorded from a scrape of <c>GET /metrics</c> of the
    /// running server (ASP.NET Core hosting, Kestrel, routing, rate limiting, System.Runtime).
    /// Only names a dashboard may use: extend it when a dashboard needs another one.
    /// </summary>
    private static readonly string[] Standard =
    [
        "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
        "http_server_request_duration_seconds_sum", "http_server_active_requests",
        "kestrel_active_connections", "kestrel_queued_connections",
        "aspnetcore_rate_limiting_requests_total", "aspnetcore_routing_match_attempts_total",
        "dotnet_process_memory_working_set_bytes", "dotnet_process_cpu_time_seconds_total",
        "dotnet_gc_collections_total", "dotnet_gc_pause_time_seconds_total",
        "dotnet_gc_last_collection_heap_size_bytes", "dotnet_thread_pool_queue_length_total",
        "dotnet_thread_pool_thread_count_total", "dotnet_exceptions_total",
        "target_info", "up",
    ];

    public static IReadOnlySet<string> Known { get; } = Discover();

    /// <summary>The Prometheus names of one instrument (<c>atrium.jobs.duration</c>, unit <c>s</c>, histogram).</summary>
    public static IEnumerable<string> PrometheusNames(string instrument, string kind, string? unit)
    {
        var name = instrument.Replace('.', '_');
        name += unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "1" => "_ratio",
            _ => "", // {request}, {job} ... are annotations: no suffix.
        };
        return kind switch
        {
            "Counter" or "ObservableCounter" => [name + "_total"],
            "Histogram" => [name + "_bucket", name + "_count", name + "_sum"],
            _ => [name],
        };
    }

    private static HashSet<string> Discover()
    {
        var names = new HashSet<string>(Standard, StringComparer.Ordinal);
        var src = Path.Combine(DeployFiles.Root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in Instrument().Matches(File.ReadAllText(file)))
            {
                var unit = m.Groups["unit"].Success ? m.Groups["unit"].Value : null;
                names.UnionWith(PrometheusNames(m.Groups["name"].Value, m.Groups["kind"].Value, unit));
            }
        }

        return names;
    }

    // meter.CreateCounter<long>("atrium.jobs.failures", "{attempt}", ...) / CreateObservableGauge("x", callback, "{job}", ...)
    [GeneratedRegex("""Create(?<kind>Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)(?:<[^>]+>)?\(\s*"(?<name>[a-z0-9_.]+)"\s*(?:,[^";]*?"(?<unit>[^"]*)")?""")]
    private static partial Regex Instrument();

    /// <summary>The metric names a PromQL expression refers to.</summary>
    public static IEnumerable<string> InExpression(string expr)
    {
        var stripped = StringLiteral().Replace(expr, "\"\"");
        stripped = Braces().Replace(stripped, " ");
        stripped = Brackets().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        foreach (Match m in Identifier().Matches(stripped))
        {
            var word = m.Value;
            var next = stripped[(m.Index + m.Length)..].TrimStart();
            if (next.StartsWith('(') || PromQlWords.Contains(word))
            {
                continue; // a function call or a keyword
            }

            yield return word;
        }
    }

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool",
    };

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
