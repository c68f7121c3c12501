using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Atrium.Weather.Forecasts;

/// <summary>
/// A <c>/v1/forecast</c> request in normal form: coordinates rounded to 2 decimals (about 1 km, finer
/// than the weather models' grids), variable lists de-duplicated and sorted, every default spelled out.
/// Its <see cref="CanonicalQuery"/> is both the cache key and the query sent upstream, so a cached
/// answer is exactly the answer to its key.
/// </summary>
/// <remarks>
/// Variable names are checked for syntax only, never against a list: Open-Meteo adds variables all the
/// time, and an unknown one comes back from it as its own 400, which is passed on.
/// </remarks>
public sealed partial record ForecastRequest(string CanonicalQuery, IReadOnlyList<(double Latitude, double Longitude)> Locations, ForecastKind Kind)
{
    public const int MaxLocations = 100;
    public const int MaxVariables = 200;

    // The parameters this proxy understands itself; any other well-formed one is passed on as it is.
    private static readonly string[] VariableLists = ["current", "daily", "hourly", "minutely_15", "models"];
    private static readonly Dictionary<string, (string Default, string[] Allowed)> Units = new()
    {
        ["temperature_unit"] = ("celsius", ["celsius", "fahrenheit"]),
        ["wind_speed_unit"] = ("kmh", ["kmh", "ms", "mph", "kn"]),
        ["precipitation_unit"] = ("mm", ["mm", "inch"]),
        ["timeformat"] = ("iso8601", ["iso8601", "unixtime"]),
    };

    // Never forwarded: the key is ours to send (WeatherOptions.UpstreamApiKey) and the cache stores JSON only.
    private static readonly string[] Withheld = ["apikey", "format", "callback"];

    /// <summary>The first location, for history and the warm-up.</summary>
    public (double Latitude, double Longitude) First => Locations[0];

    /// <summary>The normal form, or Open-Meteo's kind of reason why the request is invalid.</summary>
    public static (ForecastRequest? Request, string? Error) Parse(IEnumerable<KeyValuePair<string, string?[]>> query, DateOnly today)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValues) in query)
        {
            var lower = rawName.ToLowerInvariant();
            var name = lower == "windspeed_unit" ? "wind_speed_unit" : lower;
            if (!NamePattern().IsMatch(name))
            {
                return Fail($"Parameter '{Shorten(rawName)}' is not a valid parameter name.");
            }

            // Open-Meteo accepts repeated parameters as well as comma lists: both become one comma list.
            var joined = string.Join(',', rawValues.Where(v => !string.IsNullOrEmpty(v)));
            if (joined.Length > 4_000)
            {
                return Fail($"Parameter '{name}' is too long.");
            }

            values[name] = values.TryGetValue(name, out var earlier) ? $"{earlier},{joined}" : joined;
        }

        if (!values.TryGetValue("latitude", out var latitudes) || !values.TryGetValue("longitude", out var longitudes)
            || latitudes.Length == 0 || longitudes.Length == 0)
        {
            return Fail("Parameter 'latitude' and 'longitude' are required.");
        }

        var (locations, locationError) = ParseLocations(latitudes, longitudes);
        if (locationError is not null)
        {
            return Fail(locationError);
        }

        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["latitude"] = string.Join(',', locations!.Select(l => Format(l.Latitude))),
            ["longitude"] = string.Join(',', locations!.Select(l => Format(l.Longitude))),
        };

        foreach (var list in VariableLists)
        {
            if (values.TryGetValue(list, out var raw) && raw.Length > 0)
            {
                var names = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(v => v.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
                var bad = names.FirstOrDefault(n => !VariablePattern().IsMatch(n));
                if (bad is not null)
                {
                    return Fail($"Invalid value '{Shorten(bad)}' for parameter '{list}': expected names of letters, digits and underscores.");
                }

                if (names.Count > MaxVariables)
                {
                    return Fail($"Parameter '{list}' lists more than {MaxVariables} values.");
                }

                if (names.Count > 0)
                {
                    canonical[list] = string.Join(',', names);
                }
            }
        }

        foreach (var (unit, (fallback, allowed)) in Units)
        {
            var value = values.TryGetValue(unit, out var given) && given.Length > 0 ? given.ToLowerInvariant() : fallback;
            if (!allowed.Contains(value))
            {
                return Fail($"Invalid value '{Shorten(value)}' for parameter '{unit}'. Allowed: {string.Join(", ", allowed)}.");
            }

            canonical[unit] = value;
        }

        var timezone = values.TryGetValue("timezone", out var zone) && zone.Length > 0 ? zone : "GMT";
        if (!TimezonePattern().IsMatch(timezone))
        {
            return Fail($"Invalid timezone '{Shorten(timezone)}'.");
        }

        canonical["timezone"] = timezone.Equals("auto", StringComparison.OrdinalIgnoreCase) ? "auto" : timezone;

        var (kind, rangeError) = ParseRange(values, canonical, today);
        if (rangeError is not null)
        {
            return Fail(rangeError);
        }

        foreach (var (name, value) in values)
        {
            if (canonical.ContainsKey(name) || VariableLists.Contains(name) || Units.ContainsKey(name) || IsRangeParameter(name)
                || name is "latitude" or "longitude" or "timezone" || Withheld.Contains(name))
            {
                continue;
            }

            if (!PassThroughPattern().IsMatch(value))
            {
                return Fail($"Invalid value for parameter '{name}'.");
            }

            canonical[name] = value;
        }

        if (values.TryGetValue("format", out var format) && format.Length > 0 && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Only format=json is supported by this server.");
        }

        if (kind == ForecastKind.Forecast && (canonical.ContainsKey("current") || canonical.ContainsKey("minutely_15")))
        {
            kind = ForecastKind.Current;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in canonical)
        {
            text.Append(text.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal));
        }

        return (new ForecastRequest(text.ToString(), locations!, kind), null);
    }

    private static (List<(double Latitude, double Longitude)>? Locations, string? Error) ParseLocations(string latitudes, string longitudes)
    {
        var lats = latitudes.Split(',', StringSplitOptions.TrimEntries);
        var lons = longitudes.Split(',', StringSplitOptions.TrimEntries);
        if (lats.Length != lons.Length)
        {
            return (null, "Parameter 'latitude' and 'longitude' must have the same number of elements.");
        }

        if (lats.Length > MaxLocations)
        {
            return (null, $"At most {MaxLocations} locations can be requested at once.");
        }

        var locations = new List<(double Latitude, double Longitude)>(lats.Length);
        for (var i = 0; i < lats.Length; i++)
        {
            if (!TryNumber(lats[i], out var latitude))
            {
                return (null, $"Parameter 'latitude' must be a number. Given: '{Shorten(lats[i])}'.");
            }

            if (!TryNumber(lons[i], out var longitude))
            {
                return (null, $"Parameter 'longitude' must be a number. Given: '{Shorten(lons[i])}'.");
            }

            if (latitude is < -90 or > 90)
            {
                return (null, $"Latitude must be in range of -90 to 90°. Given: {latitude.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (longitude is < -180 or > 180)
            {
                return (null, $"Longitude must be in range of -180 to 180°. Given: {longitude.ToString(CultureInfo.InvariantCulture)}.");
            }

            locations.Add((Math.Round(latitude, 2, MidpointRounding.AwayFromZero), Math.Round(longitude, 2, MidpointRounding.AwayFromZero)));
        }

        return (locations, null);
    }

    private static (ForecastKind Kind, string? Error) ParseRange(Dictionary<string, string> values, SortedDictionary<string, string> canonical, DateOnly today)
    {
        var hasStart = values.TryGetValue("start_date", out var start) && start.Length > 0;
        var hasEnd = values.TryGetValue("end_date", out var end) && end.Length > 0;
        if (hasStart != hasEnd)
        {
            return (default, "Parameter 'start_date' and 'end_date' must be set together.");
        }

        if (hasStart)
        {
            if (values.ContainsKey("past_days") || values.ContainsKey("forecast_days"))
            {
                return (default, "Parameter 'start_date'/'end_date' cannot be combined with 'past_days' or 'forecast_days'.");
            }

            if (!DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !DateOnly.TryParseExact(end, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            {
                return (default, "Parameter 'start_date' and 'end_date' must be dates in the form yyyy-mm-dd.");
            }

            if (to < from)
            {
                return (default, "Parameter 'end_date' must not be before 'start_date'.");
            }

            canonical["start_date"] = start!;
            canonical["end_date"] = end!;
            // A day before yesterday no longer changes (yesterday's may still be revised).
            return (to < today.AddDays(-1) ? ForecastKind.Past : ForecastKind.Forecast, null);
        }

        var (pastDays, pastError) = Days(values, "past_days", 0, 92);
        var (forecastDays, forecastError) = Days(values, "forecast_days", 7, 16);
        if ((pastError ?? forecastError) is not null)
        {
            return (default, pastError ?? forecastError);
        }

        canonical["past_days"] = pastDays.ToString(CultureInfo.InvariantCulture);
        canonical["forecast_days"] = forecastDays.ToString(CultureInfo.InvariantCulture);
        return (ForecastKind.Forecast, null);
    }

    private static (int Value, string? Error) Days(Dictionary<string, string> values, string name, int fallback, int max)
    {
        if (!values.TryGetValue(name, out var raw) || raw.Length == 0)
        {
            return (fallback, null);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= max
            ? (days, null)
            : (0, $"Parameter '{name}' must be an integer between 0 and {max}. Given: '{Shorten(raw)}'.");
    }

    private static bool IsRangeParameter(string name) => name is "start_date" or "end_date" or "past_days" or "forecast_days";

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);

    private static string Format(double value) => value.ToString("0.0#", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static (ForecastRequest?, string?) Fail(string reason) => (null, reason);

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9_]{1,80}$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex("^[A-Za-z0-9_+\\-/,]{1,400}$")]
    private static partial Regex TimezonePattern();

    [GeneratedRegex("^[A-Za-z0-9_.,:+\\-]{0,400}$")]
    private static partial Regex PassThroughPattern();
}

/// <summary>What an answer covers, which decides how long it stays fresh.</summary>
public enum ForecastKind
{
    Current,
    Forecast,
    Past,
}
