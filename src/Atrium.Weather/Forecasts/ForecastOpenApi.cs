using Microsoft.OpenApi;

namespace Atrium.Weather.Forecasts;

/// <summary>
/// Documents <c>/v1/forecast</c>'s query: the handler reads it itself (it must accept whatever Open-Meteo
/// accepts, repeated or comma-separated), so the parameters are described here rather than bound.
/// </summary>
internal static class ForecastOpenApi
{
    private static readonly (string Name, bool Required, string Description)[] Parameters =
    [
        ("latitude", true, "WGS84 latitude(s), -90 to 90; comma-separated for several locations (the answer is then an array)."),
        ("longitude", true, "WGS84 longitude(s), -180 to 180, as many as latitudes."),
        ("hourly", false, "Hourly variables, e.g. temperature_2m,precipitation (any name Open-Meteo knows)."),
        ("daily", false, "Daily aggregations, e.g. temperature_2m_max,weather_code."),
        ("current", false, "Current-conditions variables."),
        ("minutely_15", false, "15-minutely variables."),
        ("temperature_unit", false, "celsius (default) or fahrenheit."),
        ("wind_speed_unit", false, "kmh (default), ms, mph or kn."),
        ("precipitation_unit", false, "mm (default) or inch."),
        ("timeformat", false, "iso8601 (default) or unixtime."),
        ("timezone", false, "GMT (default), auto, or a tz database name such as Europe/Berlin."),
        ("past_days", false, "0 (default) to 92."),
        ("forecast_days", false, "7 (default), 0 to 16."),
        ("start_date", false, "yyyy-mm-dd, with end_date, instead of past_days/forecast_days."),
        ("end_date", false, "yyyy-mm-dd, not before start_date."),
        ("models", false, "Weather models, e.g. best_match."),
        ("apikey", false, "An Atrium weather API key (or send it as X-Api-Key)."),
    ];

    public static RouteHandlerBuilder WithForecastParameters(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, required, description) in Parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = required,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });
}
