namespace Atrium.Platform.Observability;

/// <summary><c>Atrium:Telemetry</c>: what OpenTelemetry exposes and where it sends it.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Atrium:Telemetry";

    /// <summary>Serve <c>GET /metrics</c> in the Prometheus text format. Keep it off the public network in production.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// OTLP collector (e.g. <c>http://otel-collector:4317</c>): traces, metrics and logs are exported
    /// there. Unset, the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is used; neither set, nothing is exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The <c>service.name</c> resource attribute (the <c>job</c> label in Prometheus' target_info).</summary>
    public string ServiceName { get; set; } = "atrium";
}

/// <summary><c>Atrium:Logging</c>: the shape of the console log.</summary>
public sealed class LogFormatOptions
{
    public const string SectionName = "Atrium:Logging";

    /// <summary><c>json</c> (one object per line, scopes with trace and span ids) or <c>text</c>. Default: text in Development, json elsewhere.</summary>
    public string? Format { get; set; }
}
