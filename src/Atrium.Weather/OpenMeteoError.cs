using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Atrium.Weather;

/// <summary>Open-Meteo's error body: <c>{"error":true,"reason":"…"}</c>.</summary>
public sealed record OpenMeteoErrorBody(bool Error, string Reason);

/// <summary>An error of <c>/v1/forecast</c>, in Open-Meteo's dialect, so its clients understand ours too.</summary>
public sealed class OpenMeteoError(int statusCode, string reason) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public string Reason => reason;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        return httpContext.Response.WriteAsJsonAsync(new OpenMeteoErrorBody(true, reason), WeatherJsonContext.Default.OpenMeteoErrorBody);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (var status in new[] { 400, 401, 429, 503 })
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(OpenMeteoErrorBody), ["application/json"]));
        }
    }
}

/// <summary>
/// The client errors the platform detects on <c>/v1/forecast</c> before the endpoint runs (NUL in the
/// query, a method other than GET) in Open-Meteo's shape, like every other error of that endpoint.
/// </summary>
internal static class OpenMeteoClientErrors
{
    public static ClientErrorShape Shape { get; } = new("/v1/forecast", (context, statusCode, body) =>
        new OpenMeteoError(statusCode, $"The {ClientErrorShape.Describe(body)}.").ExecuteAsync(context));
}
