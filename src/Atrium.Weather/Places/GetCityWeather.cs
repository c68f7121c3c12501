using System.Globalization;
using System.Text.Json;
using Atrium.Weather.Caching;
using Atrium.Weather.Forecasts;
using Atrium.Weather.History;
using Atrium.Weather.Quotas;

namespace Atrium.Weather.Places;

/// <summary>
/// <c>GET /api/weather?city=NAME[&amp;country=][&amp;days=][&amp;units=]</c>: the city is looked up with
/// Open-Meteo's geocoding API (cached for days), then its forecast is fetched through the same cache
/// as <c>/v1/forecast</c>. For people who do not speak Open-Meteo.
/// </summary>
public static class GetCityWeather
{
    public const int MaxCityLength = 100;
    public const int MaxAlternatives = 5;

    private const string Current = "apparent_temperature,precipitation,relative_humidity_2m,temperature_2m,weather_code,wind_speed_10m";
    private const string Daily = "precipitation_sum,temperature_2m_max,temperature_2m_min,weather_code";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("", HandleAsync).WithName(nameof(GetCityWeather))
            .WithSummary("Current weather and daily forecast for a city")
            .WithDescription("Looks the city up, picks the best match (the others are listed as alternatives) and returns its weather. "
                + "Weather data by Open-Meteo.com, licensed CC BY 4.0.");

    internal static async Task<Results<Ok<CityWeatherEnvelope>, ValidationFailed, PlaceNotFoundError, ServiceUnavailableError>> HandleAsync(
        string? city, string? country, int? days, string? units,
        HttpContext context, WeatherCache cache, HistoryRecorder history, TimeProvider clock, CancellationToken ct)
    {
        var name = city?.Trim() ?? "";
        var countryFilter = country?.Trim();
        var invalid = ValidationFailed.From(
            ("city", name.Length is < 2 or > MaxCityLength ? $"must be 2 to {MaxCityLength} characters" : null),
            ("country", countryFilter is { Length: > MaxCityLength } ? $"must be at most {MaxCityLength} characters" : null),
            ("days", days is < 1 or > 16 ? "must be between 1 and 16" : null),
            ("units", units is not null and not "metric" and not "imperial" ? "must be metric or imperial" : null));
        if (invalid is not null)
        {
            return invalid;
        }

        var caller = WeatherCaller.Of(context);
        var now = clock.GetUtcNow();
        // A two-letter country is an ISO code Open-Meteo filters by; a longer one is matched against the results' country names.
        var countryCode = countryFilter is { Length: 2 } ? countryFilter.ToUpperInvariant() : null;
        var search = await cache.SearchAsync(name, countryCode, ct);
        if (search.Result == CacheResult.Rejected)
        {
            history.Record(GetForecast.Entry(caller, null, $"city={name}", "rejected", 422, search, now, "city", name));
            return new ValidationFailed("city", "was refused by the place search");
        }

        if (search.Result == CacheResult.Unavailable)
        {
            history.Record(GetForecast.Entry(caller, null, $"city={name}", WeatherAnswer.Label(search.Result), 503, search, now, "city", name));
            return new ServiceUnavailableError("geocoding", "the place search is unavailable right now; retry later");
        }

        var places = GeocodingResults.Read(search.Answer!.Body)
            .Where(p => countryFilter is not { Length: > 2 } || string.Equals(p.Country, countryFilter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (places.Count == 0)
        {
            history.Record(GetForecast.Entry(caller, null, $"city={name}", "not_found", 404, search, now, "city", name));
            return new PlaceNotFoundError(name, countryFilter);
        }

        var place = places[0];
        var imperial = units == "imperial";
        var query = new Dictionary<string, string?[]>
        {
            ["latitude"] = [place.Latitude.ToString(CultureInfo.InvariantCulture)],
            ["longitude"] = [place.Longitude.ToString(CultureInfo.InvariantCulture)],
            ["current"] = [Current],
            ["daily"] = [Daily],
            ["timezone"] = [place.Timezone ?? "auto"],
            ["forecast_days"] = [(days ?? 7).ToString(CultureInfo.InvariantCulture)],
            ["temperature_unit"] = [imperial ? "fahrenheit" : "celsius"],
            ["wind_speed_unit"] = [imperial ? "mph" : "kmh"],
            ["precipitation_unit"] = [imperial ? "inch" : "mm"],
        };
        var (request, _) = ForecastRequest.Parse(query, DateOnly.FromDateTime(now.UtcDateTime));
        var forecast = await cache.ForecastAsync(request!, ct);
        if (forecast.Answer is null)
        {
            history.Record(GetForecast.Entry(caller, request, request!.CanonicalQuery, WeatherAnswer.Label(forecast.Result), 503, forecast, now, "city", place.Name));
            return new ServiceUnavailableError("weather", "the weather service is unavailable and no earlier forecast for this place is cached; retry later");
        }

        GetForecast.Describe(context, forecast, now);
        history.Record(GetForecast.Entry(caller, request, request!.CanonicalQuery, WeatherAnswer.Label(forecast.Result), 200, forecast, now, "city", place.Name));
        return TypedResults.Ok(new CityWeatherEnvelope(Build(place, places.Skip(1).Take(MaxAlternatives).ToList(), forecast, imperial)));
    }

    private static CityWeather Build(WeatherPlace place, List<WeatherPlace> alternatives, WeatherAnswer forecast, bool imperial)
    {
        using var document = JsonDocument.Parse(forecast.Answer!.Body);
        var root = document.RootElement;
        CurrentConditions? current = null;
        if (root.TryGetProperty("current", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            var code = GeocodingResults.Number(c, "weather_code") is { } n ? (int?)n : null;
            current = new CurrentConditions(GeocodingResults.Text(c, "time"), GeocodingResults.Number(c, "temperature_2m"),
                GeocodingResults.Number(c, "apparent_temperature"), GeocodingResults.Number(c, "relative_humidity_2m"),
                GeocodingResults.Number(c, "precipitation"), GeocodingResults.Number(c, "wind_speed_10m"), code, WeatherCodes.Describe(code));
        }

        var daily = new List<DailyForecast>();
        if (root.TryGetProperty("daily", out var d) && d.ValueKind == JsonValueKind.Object
            && d.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Array)
        {
            for (var i = 0; i < time.GetArrayLength(); i++)
            {
                var code = At(d, "weather_code", i) is { } n ? (int?)n : null;
                daily.Add(new DailyForecast(time[i].ToString(), At(d, "temperature_2m_min", i), At(d, "temperature_2m_max", i),
                    At(d, "precipitation_sum", i), code, WeatherCodes.Describe(code)));
            }
        }

        var units = new WeatherUnits(imperial ? "°F" : "°C", imperial ? "mph" : "km/h", imperial ? "inch" : "mm");
        return new CityWeather(place, alternatives, current, daily, units, WeatherAnswer.Label(forecast.Result), forecast.Answer.FetchedAt, DataAttribution.OpenMeteo);
    }

    private static double? At(JsonElement series, string name, int index) =>
        series.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array && index < values.GetArrayLength()
            && values[index].ValueKind == JsonValueKind.Number ? values[index].GetDouble() : null;
}

/// <summary>503 in the platform's shape, with <c>Retry-After</c>.</summary>
public sealed class ServiceUnavailableError(string field, string message)
    : RetryLaterError(StatusCodes.Status503ServiceUnavailable, ErrorBody.For(field, message), retryAfterSeconds: 30), Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        Describe(builder, StatusCodes.Status503ServiceUnavailable);
}

/// <summary>404 naming what was searched for.</summary>
public sealed class PlaceNotFoundError(string city, string? country)
    : ApiError(StatusCodes.Status404NotFound, ErrorBody.For("city",
        country is null ? $"no place named '{city}' was found" : $"no place named '{city}' was found in '{country}'")),
        Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        Describe(builder, StatusCodes.Status404NotFound);
}
