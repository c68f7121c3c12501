namespace Atrium.Platform.Observability;

/// <summary>
/// Names of the platform's telemetry: every <c>Meter</c> and <c>ActivitySource</c> of Atrium is
/// named <c>Atrium.&lt;Module&gt;</c>, so the <c>Atrium.*</c> wildcard collects those of modules that
/// land later without touching this registration.
/// </summary>
public static class AtriumTelemetry
{
    /// <summary>Every Atrium meter and activity source.</summary>
    public const string Wildcard = "Atrium.*";

    /// <summary>MassTransit's own activity source (send, publish, consume spans).</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>The path of the Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";
}
