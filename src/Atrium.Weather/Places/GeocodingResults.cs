using System.Text.Json;

namespace Atrium.Weather.Places;

/// <summary>Reads Open-Meteo's geocoding answer (<c>{"results":[…]}</c>; no <c>results</c> when nothing matched).</summary>
internal static class GeocodingResults
{
    public static List<WeatherPlace> Read(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var places = new List<WeatherPlace>();
        foreach (var r in results.EnumerateArray())
        {
            if (Text(r, "name") is not { } name || Number(r, "latitude") is not { } latitude || Number(r, "longitude") is not { } longitude)
            {
                continue;
            }

            places.Add(new WeatherPlace(name, Text(r, "admin1"), Text(r, "country"), Text(r, "country_code"), latitude, longitude,
                Text(r, "timezone"), Number(r, "population") is { } population ? (long)population : null));
        }

        return places;
    }

    internal static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    internal static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
