using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Weather.Upstream;

namespace Atrium.Weather;

/// <summary>
/// The module's meter and activity source, <c>Atrium.Weather</c>: answers by cache result, upstream
/// calls (latency, status, failures), each API's breaker state, and the history queue.
/// </summary>
internal sealed class WeatherTelemetry
{
    public const string Name = "Atrium.Weather";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _answers;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _historyWritten;
    private readonly Counter<long> _historyDropped;

    public WeatherTelemetry(IMeterFactory meters, UpstreamBreakers breakers)
    {
        var meter = meters.Create(Name);
        _answers = meter.CreateCounter<long>("atrium.weather.cache.requests", "{request}",
            "Forecast and geocoding lookups by cache result: hit, miss, stale (served while the upstream is down) or unavailable");
        _upstreamDuration = meter.CreateHistogram<double>("atrium.weather.upstream.duration", "s",
            "Open-Meteo calls (all attempts) by API and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _upstreamErrors = meter.CreateCounter<long>("atrium.weather.upstream.errors", "{error}",
            "Open-Meteo calls that failed after retries, by API and kind (status, timeout, connection, breaker_open, invalid_body)");
        meter.CreateObservableGauge("atrium.weather.breaker.state",
            () => breakers.States.Select(s => new Measurement<int>((int)s.State, new KeyValuePair<string, object?>("api", s.Api))),
            "{state}", "Each Open-Meteo API's circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated");
        _historyWritten = meter.CreateCounter<long>("atrium.weather.history.written", "{request}", "Request history rows written");
        _historyDropped = meter.CreateCounter<long>("atrium.weather.history.dropped", "{request}",
            "Request history entries dropped because the queue was full or a batch could not be written");
    }

    public void Answered(string api, string result) =>
        _answers.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("result", result));

    public void UpstreamCalled(string api, int status, TimeSpan elapsed)
    {
        var outcome = status == 200 ? "ok" : status < 500 && status is not 408 and not 429 ? "rejected" : "error";
        _upstreamDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "error")
        {
            _upstreamErrors.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("kind", "status"));
        }
    }

    public void UpstreamFailed(string api, string kind, TimeSpan elapsed)
    {
        _upstreamDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("outcome", "error"));
        _upstreamErrors.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("kind", kind));
    }

    public void HistoryWritten(int count) => _historyWritten.Add(count);

    public void HistoryDropped(int count) => _historyDropped.Add(count);
}
