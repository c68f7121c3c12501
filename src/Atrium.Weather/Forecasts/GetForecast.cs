using System.Globalization;
using Atrium.Weather.Caching;
using Atrium.Weather.History;
using Atrium.Weather.Quotas;

namespace Atrium.Weather.Forecasts;

/// <summary>
/// <c>GET /v1/forecast</c>: Open-Meteo's forecast API, same query and same answer (one object, or an
/// array for several locations), served from the cache when it can be. Errors in Open-Meteo's shape.
/// </summary>
public static class GetForecast
{
    public const string Attribution = "Weather data by Open-Meteo.com (CC BY 4.0)";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/forecast", HandleAsync).WithName(nameof(GetForecast))
            .WithSummary("Open-Meteo-compatible forecast")
            .WithDescription("Same parameters and response as https://open-meteo.com/en/docs. " + Attribution + ".")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<OpenMeteoErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenMeteoErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenMeteoErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<OpenMeteoErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithForecastParameters();

    internal static async Task<IResult> HandleAsync(HttpContext context, WeatherCache cache, HistoryRecorder history, TimeProvider clock, CancellationToken ct)
    {
        var caller = WeatherCaller.Of(context);
        var now = clock.GetUtcNow();
        var (request, error) = ForecastRequest.Parse(context.Request.Query.Select(q => new KeyValuePair<string, string?[]>(q.Key, q.Value.ToArray())), DateOnly.FromDateTime(now.UtcDateTime));
        if (request is null)
        {
            history.Record(Entry(caller, null, WithoutKey(context.Request.Query), "invalid", 400, null, now));
            return new OpenMeteoError(StatusCodes.Status400BadRequest, error!);
        }

        var answer = await cache.ForecastAsync(request, ct);
        IResult result = answer.Result switch
        {
            CacheResult.Hit or CacheResult.Miss or CacheResult.Stale => Served(context, answer, now),
            CacheResult.Rejected => Rejected(answer),
            _ => Unavailable(context, answer),
        };
        history.Record(Entry(caller, request, request.CanonicalQuery, WeatherAnswer.Label(answer.Result),
            ((IStatusCodeHttpResult)result).StatusCode ?? 200, answer, now));
        return result;
    }

    /// <summary>Cache result, age and licence headers; a stale answer also gets the (informational) Warning header.</summary>
    internal static void Describe(HttpContext context, WeatherAnswer answer, DateTimeOffset now)
    {
        var headers = context.Response.Headers;
        headers["X-Atrium-Cache"] = WeatherAnswer.Label(answer.Result);
        headers.Age = Math.Max(0, (long)(now - answer.Answer!.FetchedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-Data-Attribution"] = Attribution;
        if (answer.Result == CacheResult.Stale)
        {
            headers["Warning"] = "110 - \"Response is Stale\"";
        }
    }

    internal static WeatherRequest Entry(WeatherCaller caller, ForecastRequest? request, string query, string cache, int status, WeatherAnswer? answer, DateTimeOffset now, string endpoint = "forecast", string? place = null) => new()
    {
        CallerKind = caller.Kind,
        CallerId = caller.Id,
        Endpoint = endpoint,
        Latitude = request?.First.Latitude,
        Longitude = request?.First.Longitude,
        Place = place is null ? null : place[..Math.Min(place.Length, WeatherRequest.MaxPlaceLength)],
        Query = query[..Math.Min(query.Length, WeatherRequest.MaxQueryLength)],
        Cache = cache,
        Status = status,
        UpstreamStatus = answer?.UpstreamStatus,
        UpstreamMilliseconds = answer?.UpstreamMilliseconds,
        CreatedAt = now.UtcDateTime,
    };

    /// <summary>The raw query for the history, minus an API key: the history must never hold a usable secret.</summary>
    private static string WithoutKey(IQueryCollection query) =>
        string.Join('&', query.Where(q => !q.Key.Equals("apikey", StringComparison.OrdinalIgnoreCase))
            .Select(q => $"{q.Key}={q.Value}"));

    private static ContentHttpResult Served(HttpContext context, WeatherAnswer answer, DateTimeOffset now)
    {
        Describe(context, answer, now);
        return TypedResults.Text(answer.Answer!.Body, "application/json", System.Text.Encoding.UTF8);
    }

    /// <summary>Open-Meteo refused the request (an unknown variable…): its own reason, in its own shape, passed on.</summary>
    private static OpenMeteoError Rejected(WeatherAnswer answer)
    {
        var reason = ReasonOf(answer.Reason) ?? $"The weather service refused the request ({answer.UpstreamStatus}).";
        return new OpenMeteoError(answer.UpstreamStatus ?? StatusCodes.Status400BadRequest, reason);
    }

    private static OpenMeteoError Unavailable(HttpContext context, WeatherAnswer answer)
    {
        context.Response.Headers.RetryAfter = "30";
        return new OpenMeteoError(StatusCodes.Status503ServiceUnavailable,
            $"The weather service is unavailable ({answer.Reason}) and no earlier answer for this request is cached. Please retry later.");
    }

    private static string? ReasonOf(string? body)
    {
        try
        {
            return body is null ? null : System.Text.Json.Nodes.JsonNode.Parse(body)?["reason"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
