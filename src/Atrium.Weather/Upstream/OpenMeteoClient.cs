using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Atrium.Weather.Upstream;

/// <summary>
/// The typed client of Open-Meteo's two APIs. Each has its own named HttpClient and so its own
/// resilience pipeline (timeouts, retries, breaker): a geocoding outage does not stop forecasts.
/// </summary>
internal sealed partial class OpenMeteoClient(IHttpClientFactory clients, IOptions<WeatherOptions> options, WeatherTelemetry telemetry, ILogger<OpenMeteoClient> logger)
{
    public const string Forecast = "forecast";
    public const string Geocoding = "geocoding";

    /// <summary>The forecast for a canonical query: a 200 or the upstream's own 4xx, else <see cref="UpstreamUnavailableException"/>.</summary>
    public Task<UpstreamAnswer> ForecastAsync(string canonicalQuery, CancellationToken ct) =>
        GetAsync(Forecast, new Uri(options.Value.ForecastBaseUrl, "/v1/forecast?" + WithKey(canonicalQuery)), ct);

    public Task<UpstreamAnswer> SearchAsync(string name, string? countryCode, CancellationToken ct)
    {
        var query = $"name={Uri.EscapeDataString(name)}&count=10&language=en&format=json"
            + (countryCode is null ? "" : $"&countryCode={Uri.EscapeDataString(countryCode)}");
        return GetAsync(Geocoding, new Uri(options.Value.GeocodingBaseUrl, "/v1/search?" + WithKey(query)), ct);
    }

    private string WithKey(string query) =>
        string.IsNullOrEmpty(options.Value.UpstreamApiKey) ? query : $"{query}&apikey={Uri.EscapeDataString(options.Value.UpstreamApiKey)}";

    private async Task<UpstreamAnswer> GetAsync(string api, Uri url, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName(api)).GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK && !IsJson(body))
            {
                // A proxy's HTML page with a 200 must not be cached and served as a forecast.
                telemetry.UpstreamFailed(api, "invalid_body", elapsed);
                throw new UpstreamUnavailableException(api, "the weather service answered with something that is not JSON", status, elapsed.TotalMilliseconds);
            }

            telemetry.UpstreamCalled(api, status, elapsed);
            if (response.StatusCode == HttpStatusCode.OK || status is >= 400 and < 500 and not 408 and not 429)
            {
                return new UpstreamAnswer(status, body, elapsed.TotalMilliseconds);
            }

            LogFailed(api, status);
            throw new UpstreamUnavailableException(api, $"the weather service answered {status}", status, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is BrokenCircuitException or TimeoutRejectedException or HttpRequestException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var kind = e switch
            {
                BrokenCircuitException => "breaker_open",
                HttpRequestException => "connection",
                _ => "timeout",
            };
            telemetry.UpstreamFailed(api, kind, elapsed);
            LogUnavailable(api, kind);
            throw new UpstreamUnavailableException(api, kind switch
            {
                "breaker_open" => "the weather service is failing and calls to it are paused",
                "connection" => "the weather service cannot be reached",
                _ => "the weather service did not answer in time",
            }, null, elapsed.TotalMilliseconds, e);
        }
    }

    public static string ClientName(string api) => $"atrium-weather-{api}";

    private static bool IsJson(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open-Meteo {Api} answered {Status} after retries")]
    private partial void LogFailed(string api, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open-Meteo {Api} unavailable: {Kind}")]
    private partial void LogUnavailable(string api, string kind);
}

/// <summary>What the upstream said: 200 with its JSON, or its own 4xx (a bad variable name…) with its reason.</summary>
internal sealed record UpstreamAnswer(int Status, string Body, double Milliseconds)
{
    public bool Ok => Status == StatusCodes.Status200OK;
}

/// <summary>The upstream failed after retries, timed out, or its breaker is open: serve stale or 503.</summary>
internal sealed class UpstreamUnavailableException(string api, string reason, int? status, double milliseconds, Exception? inner = null)
    : Exception(reason, inner)
{
    public string Api => api;

    public string Reason => Message;

    public int? Status => status;

    public double Milliseconds => milliseconds;
}
