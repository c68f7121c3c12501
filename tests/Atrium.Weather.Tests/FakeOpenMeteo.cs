using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Atrium.Weather.Tests;

/// <summary>How the fake upstream answers forecasts for now.</summary>
public enum UpstreamMode
{
    Normal,
    ServerError,
    TooManyRequests,
    Slow,
    Drop,
    NotJson,
}

/// <summary>
/// A stand-in for Open-Meteo: a real Kestrel server on 127.0.0.1 answering <c>/v1/forecast</c> and
/// <c>/v1/search</c> in Open-Meteo's shapes (written from its public documentation). It counts calls,
/// can hold forecasts until released, and can be told to fail, be slow, or drop connections.
/// Any hourly/daily/current variable starting with <c>bogus</c> is refused with a 400, like an unknown variable.
/// </summary>
public sealed class FakeOpenMeteo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _forecastCalls;
    private int _searchCalls;
    private volatile TaskCompletionSource _gate = Released();

    public FakeOpenMeteo()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapGet("/v1/forecast", (Func<HttpContext, Task<IResult>>)ForecastAsync);
        _app.MapGet("/v1/search", Search);
        Address = $"http://127.0.0.1:{port}";
    }

    public string Address { get; }

    public UpstreamMode Mode { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    public int ForecastCalls => Volatile.Read(ref _forecastCalls);

    public int SearchCalls => Volatile.Read(ref _searchCalls);

    /// <summary>Every forecast query received, in order.</summary>
    public ConcurrentQueue<string> ForecastQueries { get; } = new();

    public int CallsFor(string latitude) => ForecastQueries.Count(q => q.Contains($"latitude={latitude}&", StringComparison.Ordinal));

    public async Task StartAsync() => await _app.StartAsync();

    /// <summary>Holds every forecast answer until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Released()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private async Task<IResult> ForecastAsync(HttpContext context)
    {
        Interlocked.Increment(ref _forecastCalls);
        ForecastQueries.Enqueue(context.Request.QueryString.Value?.TrimStart('?') ?? "");
        await _gate.Task;
        switch (Mode)
        {
            case UpstreamMode.ServerError:
                return Results.Text("<html>Internal Server Error</html>", "text/html", statusCode: 500);
            case UpstreamMode.TooManyRequests:
                return Results.Json(new { error = true, reason = "Minutely API request limit exceeded. Please try again in one minute." }, statusCode: 429);
            case UpstreamMode.Slow:
                await Task.Delay(SlowDelay, context.RequestAborted);
                break;
            case UpstreamMode.NotJson:
                return Results.Text("<html>Captive portal</html>", "text/html");
            case UpstreamMode.Drop:
                context.Abort();
                return Results.Empty;
        }

        var q = context.Request.Query;
        var lists = new[] { "current", "hourly", "daily", "minutely_15" }
            .ToDictionary(l => l, l => q[l].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries));
        var bogus = lists.SelectMany(l => l.Value.Select(v => (List: l.Key, Name: v))).FirstOrDefault(v => v.Name.StartsWith("bogus", StringComparison.Ordinal));
        if (bogus.Name is not null)
        {
            return Results.Json(new { error = true, reason = $"Cannot initialize ForecastVariable from invalid String value {bogus.Name} for key {bogus.List}" }, statusCode: 400);
        }

        var latitudes = q["latitude"].ToString().Split(',');
        var longitudes = q["longitude"].ToString().Split(',');
        var locations = new JsonArray();
        for (var i = 0; i < latitudes.Length; i++)
        {
            locations.Add(Location(double.Parse(latitudes[i], CultureInfo.InvariantCulture), double.Parse(longitudes[i], CultureInfo.InvariantCulture), q, lists));
        }

        var body = locations.Count == 1 ? locations[0]!.DeepClone() : locations;
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private static JsonObject Location(double latitude, double longitude, IQueryCollection q, Dictionary<string, string[]> lists)
    {
        var timezone = q["timezone"].ToString() is { Length: > 0 } tz && tz != "auto" ? tz : "GMT";
        var offset = timezone == "Europe/Berlin" ? 3600 : 0;
        var days = int.TryParse(q["forecast_days"], out var d) ? d : 7;
        var fahrenheit = q["temperature_unit"] == "fahrenheit";
        var result = new JsonObject
        {
            // Open-Meteo answers with the coordinates of the grid cell it used.
            ["latitude"] = Math.Round(latitude * 4) / 4,
            ["longitude"] = Math.Round(longitude * 4) / 4,
            ["generationtime_ms"] = 0.05,
            ["utc_offset_seconds"] = offset,
            ["timezone"] = timezone,
            ["timezone_abbreviation"] = offset == 0 ? "GMT" : "GMT+1",
            ["elevation"] = 38.0,
        };
        var start = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
        if (lists["current"].Length > 0)
        {
            var units = new JsonObject { ["time"] = "iso8601", ["interval"] = "seconds" };
            var values = new JsonObject { ["time"] = "2026-11-24T12:00", ["interval"] = 900 };
            foreach (var name in lists["current"])
            {
                units[name] = Unit(name, fahrenheit);
                values[name] = Value(name, 0, fahrenheit);
            }

            result["current_units"] = units;
            result["current"] = values;
        }

        foreach (var (list, step, count) in new[] { ("minutely_15", TimeSpan.FromMinutes(15), days * 96), ("hourly", TimeSpan.FromHours(1), days * 24), ("daily", TimeSpan.FromDays(1), days) })
        {
            if (lists[list].Length == 0)
            {
                continue;
            }

            var units = new JsonObject { ["time"] = "iso8601" };
            var series = new JsonObject { ["time"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)JsonValue.Create((start + (step * i)).ToString(list == "daily" ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))).ToArray()) };
            foreach (var name in lists[list])
            {
                units[name] = Unit(name, fahrenheit);
                series[name] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)Value(name, i, fahrenheit)).ToArray());
            }

            result[$"{list}_units"] = units;
            result[list] = series;
        }

        return result;
    }

    private static string Unit(string name, bool fahrenheit) => name switch
    {
        _ when name.StartsWith("temperature", StringComparison.Ordinal) || name.StartsWith("apparent", StringComparison.Ordinal) => fahrenheit ? "°F" : "°C",
        _ when name.StartsWith("wind_speed", StringComparison.Ordinal) => "km/h",
        _ when name.StartsWith("precipitation", StringComparison.Ordinal) => "mm",
        _ when name.StartsWith("relative_humidity", StringComparison.Ordinal) => "%",
        "weather_code" => "wmo code",
        _ => "",
    };

    private static JsonValue Value(string name, int index, bool fahrenheit) => name switch
    {
        "weather_code" => JsonValue.Create(index % 2 == 0 ? 3 : 61),
        _ when name.StartsWith("temperature_2m_min", StringComparison.Ordinal) => JsonValue.Create(fahrenheit ? 35.6 : 2.0),
        _ when name.StartsWith("temperature", StringComparison.Ordinal) => JsonValue.Create(fahrenheit ? 46.4 : 8.0 + (index % 5)),
        _ => JsonValue.Create(1.5),
    };

    private IResult Search(HttpContext context)
    {
        Interlocked.Increment(ref _searchCalls);
        var name = context.Request.Query["name"].ToString();
        var code = context.Request.Query["countryCode"].ToString();
        var results = Places.Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && (code.Length == 0 || p.CountryCode == code)).ToList();
        if (results.Count == 0)
        {
            // Open-Meteo leaves "results" out when nothing matched.
            return Results.Json(new { generationtime_ms = 0.4 });
        }

        return Results.Json(new
        {
            results = results.Select(p => new
            {
                id = p.Id, name = p.Name, latitude = p.Latitude, longitude = p.Longitude, elevation = 74.0, feature_code = "PPL",
                country_code = p.CountryCode, timezone = p.Timezone, population = p.Population, country = p.Country, admin1 = p.Admin1,
            }),
            generationtime_ms = 0.7,
        });
    }

    private sealed record Place(int Id, string Name, double Latitude, double Longitude, string CountryCode, string Country, string Admin1, string Timezone, long Population);

    private static readonly Place[] Places =
    [
        new(2950159, "Berlin", 52.52437, 13.41053, "DE", "Germany", "Berlin", "Europe/Berlin", 3426354),
        new(5083330, "Berlin", 44.46867, -71.18508, "US", "United States", "New Hampshire", "America/New_York", 9367),
        new(4500771, "Berlin", 39.79123, -74.92905, "US", "United States", "New Jersey", "America/New_York", 7590),
        new(2988507, "Paris", 48.85341, 2.3488, "FR", "France", "Île-de-France", "Europe/Paris", 2138551),
    ];
}
