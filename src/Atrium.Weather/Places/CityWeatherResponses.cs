namespace Atrium.Weather.Places;

/// <summary>The friendly answer of <c>GET /api/weather?city=</c>.</summary>
public sealed record CityWeatherEnvelope(CityWeather Weather);

/// <param name="Place">The best match for the name (Open-Meteo ranks by relevance and population).</param>
/// <param name="Alternatives">Other places of that name, so an ambiguous name can be narrowed with <c>country</c>.</param>
/// <param name="Cache"><c>hit</c>, <c>miss</c> or <c>stale</c> (the weather service is down; this is the last good answer).</param>
/// <param name="Attribution">The data's licence: it must be shown wherever the data is.</param>
public sealed record CityWeather(
    WeatherPlace Place,
    IReadOnlyList<WeatherPlace> Alternatives,
    CurrentConditions? Current,
    IReadOnlyList<DailyForecast> Daily,
    WeatherUnits Units,
    string Cache,
    DateTimeOffset FetchedAt,
    DataAttribution Attribution);

public sealed record WeatherPlace(
    string Name, string? Region, string? Country, string? CountryCode, double Latitude, double Longitude, string? Timezone, long? Population);

public sealed record CurrentConditions(
    string? Time, double? Temperature, double? ApparentTemperature, double? RelativeHumidity, double? Precipitation,
    double? WindSpeed, int? WeatherCode, string? Description);

public sealed record DailyForecast(
    string Date, double? TemperatureMin, double? TemperatureMax, double? PrecipitationSum, int? WeatherCode, string? Description);

public sealed record WeatherUnits(string Temperature, string WindSpeed, string Precipitation);

public sealed record DataAttribution(string Text, string License, string Url)
{
    public static readonly DataAttribution OpenMeteo = new("Weather data by Open-Meteo.com", "CC BY 4.0", "https://open-meteo.com/");
}
