using System.Text.Json;
using Atrium.Platform.Redis;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Health;

/// <summary>
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (the checks tagged <c>ready</c>:
/// database, jobs, Redis when configured, and the message bus) and <c>/health</c> (every check).
/// Bodies are JSON: <c>{"status":"Healthy","checks":{"database":{"status":"Healthy",...}}}</c>.
/// Healthy and Degraded answer 200, Unhealthy 503 — a load balancer keeps a degraded instance.
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    /// <summary>The tag MassTransit's bus check carries (see MessagingRegistration).</summary>
    public const string Messaging = "messaging";

    public static IServiceCollection AddAtriumHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName);
        var options = configuration.GetSection(HealthOptions.SectionName).Get<HealthOptions>() ?? new HealthOptions();
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisConnection.ConnectionStringName)))
        {
            services.AddHealthChecks().AddCheck<RedisHealthCheck>(
                "redis",
                failureStatus: options.RequireRedis ? HealthStatus.Unhealthy : HealthStatus.Degraded,
                tags: [Ready]);
        }

        return services;
    }

    public static WebApplication MapAtriumHealth(this WebApplication app)
    {
        var requireMessaging = app.Services.GetRequiredService<IOptions<HealthOptions>>().Value.RequireMessaging;
        app.MapHealthChecks("/health/live", Options(_ => false, requireMessaging));
        app.MapHealthChecks("/health/ready", Options(c => c.Tags.Contains(Ready) || c.Tags.Contains(Messaging), requireMessaging));
        app.MapHealthChecks("/health", Options(_ => true, requireMessaging));
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate, bool requireMessaging) => new()
    {
        Predicate = predicate,
        AllowCachingResponses = false,
        ResponseWriter = (context, report) => WriteAsync(context, Classify(report, requireMessaging)),
        // The status code is decided from the classified report in WriteAsync.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status200OK,
        },
    };

    /// <summary>
    /// A broker outage is Degraded unless <see cref="HealthOptions.RequireMessaging"/>: the outbox holds
    /// the events and writes go on. MassTransit's own check only knows Healthy/Unhealthy.
    /// </summary>
    internal static HealthReport Classify(HealthReport report, bool requireMessaging)
    {
        if (requireMessaging)
        {
            return report;
        }

        var entries = report.Entries.ToDictionary(
            e => e.Key,
            e => e.Value.Status == HealthStatus.Unhealthy && e.Value.Tags.Contains(Messaging)
                ? new HealthReportEntry(HealthStatus.Degraded, "The message broker does not answer; events wait in the outbox. " + e.Value.Description, e.Value.Duration, e.Value.Exception, e.Value.Data, e.Value.Tags)
                : e.Value);
        return new HealthReport(entries, report.TotalDuration);
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                if (entry.Description is not null)
                {
                    json.WriteString("description", entry.Description);
                }

                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteStartArray("tags");
                foreach (var tag in entry.Tags)
                {
                    json.WriteStringValue(tag);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }
}
