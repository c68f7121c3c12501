using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Atrium.Platform.Observability;

/// <summary>
/// OpenTelemetry for the whole process: traces (ASP.NET Core, HttpClient, Npgsql, MassTransit, every
/// <c>Atrium.*</c> source), metrics (the same plus the .NET runtime and every <c>Atrium.*</c> meter)
/// on <c>GET /metrics</c> and/or OTLP, and the console log as JSON lines carrying trace and span ids.
/// </summary>
public static class TelemetryRegistration
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddAtriumTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        ConfigureLogFormat(builder);

        services.AddSingleton<DatabaseMetrics>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<DatabaseMetrics>());

        // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and its protocol/header variables) itself;
        // our key, when set, wins.
        var otlp = options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o)
        {
            if (options.OtlpEndpoint is not null)
            {
                o.Endpoint = options.OtlpEndpoint;
            }
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(AtriumTelemetry.MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(AtriumTelemetry.MassTransitSource)
                    .AddSource(AtriumTelemetry.Wildcard);
                if (otlp)
                {
                    tracing.AddOtlpExporter(Otlp);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(AtriumTelemetry.Wildcard);
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter(Otlp);
                }
            });
        if (otlp)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(Otlp), o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        }

        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c> when <see cref="TelemetryOptions.PrometheusEnabled"/>.</summary>
    public static WebApplication UseAtriumTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.PrometheusEnabled ?? true)
        {
            app.MapPrometheusScrapingEndpoint(AtriumTelemetry.MetricsPath).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// JSON lines (with scopes: <c>TraceId</c>, <c>SpanId</c>, the request path) outside Development,
    /// text for people in Development; <c>Atrium:Logging:Format</c> overrides.
    /// </summary>
    private static void ConfigureLogFormat(WebApplicationBuilder builder)
    {
        var format = builder.Configuration.GetSection(LogFormatOptions.SectionName).Get<LogFormatOptions>()?.Format
            ?? (builder.Environment.IsDevelopment() ? "text" : "json");
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else if (string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o => o.IncludeScopes = false);
        }
        else
        {
            throw new InvalidOperationException(
                $"{LogFormatOptions.SectionName}:{nameof(LogFormatOptions.Format)} must be 'json' or 'text', got '{format}'.");
        }
    }
}
