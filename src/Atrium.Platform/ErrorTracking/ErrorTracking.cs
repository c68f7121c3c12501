using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Sentry.Extensibility;

namespace Atrium.Platform.ErrorTracking;

/// <summary>
/// Error tracking with the Sentry SDK, off unless a DSN is configured (<c>Sentry:Dsn</c> or
/// <c>Atrium:Sentry:Dsn</c>). An unexpected exception is logged at Error by the platform's exception
/// handler; the SDK's logging integration turns that into one event. The event carries the request's
/// W3C trace id (as its trace context and a <c>trace_id</c> tag) so it joins the request's trace and
/// logs, and no secrets: no default PII, no request bodies or cookies, credential headers removed.
/// </summary>
public static partial class ErrorTracking
{
    public const string AtriumDsnKey = "Atrium:Sentry:Dsn";
    public const string SentryDsnKey = "Sentry:Dsn";

    /// <summary>Headers that carry credentials; dropped from every event.</summary>
    internal static readonly string[] SecretHeaders =
        ["Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Api-Key", "X-Auth-Token"];

    public static WebApplicationBuilder AddAtriumErrorTracking(this WebApplicationBuilder builder)
    {
        var dsn = builder.Configuration[SentryDsnKey] is { Length: > 0 } sentryDsn ? sentryDsn : builder.Configuration[AtriumDsnKey];
        if (string.IsNullOrWhiteSpace(dsn))
        {
            return builder;
        }

        builder.WebHost.UseSentry(o =>
        {
            o.Dsn = dsn;
            o.Environment = builder.Environment.EnvironmentName;
            o.SendDefaultPii = false;
            o.MaxRequestBodySize = RequestSize.None;
            o.MinimumEventLevel = LogLevel.Error;
            o.MinimumBreadcrumbLevel = LogLevel.Information;
            // Errors only: traces go through OpenTelemetry.
            o.TracesSampleRate = 0;
            o.AddEventProcessor(new TraceAndScrub());
            o.SetBeforeSend((e, _) => TraceAndScrub.Scrub(e));
            // Breadcrumbs are the recent log lines; the hosting ones quote whole URLs, query strings included.
            o.SetBeforeBreadcrumb(b => b.Category?.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal) == true
                ? null
                : b.Message is { } message && message.Contains('?', StringComparison.Ordinal)
                    ? new Breadcrumb(QueryString().Replace(message, "?[removed]"), b.Type ?? "default", b.Data, b.Category, b.Level)
                    : b);
        });
        return builder;
    }

    [GeneratedRegex(@"\?[^\s""']*")]
    private static partial Regex QueryString();

    private sealed class TraceAndScrub : ISentryEventProcessor
    {
        public SentryEvent? Process(SentryEvent e)
        {
            if (Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C)
            {
                var traceId = activity.TraceId.ToHexString();
                e.SetTag("trace_id", traceId);
                e.Contexts.Trace.TraceId = SentryId.Parse(traceId);
                e.Contexts.Trace.SpanId = SpanId.Parse(activity.SpanId.ToHexString());
            }

            return Scrub(e);
        }

        internal static SentryEvent Scrub(SentryEvent e)
        {
            foreach (var header in SecretHeaders)
            {
                foreach (var key in e.Request.Headers.Keys.Where(k => k.Equals(header, StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    e.Request.Headers.Remove(key);
                }
            }

            e.Request.Cookies = null;
            e.Request.Data = null;
            e.Request.QueryString = null;
            if (e.Request.Url is { } url && url.Contains('?', StringComparison.Ordinal))
            {
                e.Request.Url = url[..url.IndexOf('?', StringComparison.Ordinal)];
            }

            return e;
        }
    }
}
