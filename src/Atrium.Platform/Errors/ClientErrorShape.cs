using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Errors;

/// <summary>
/// The error shape of the paths under <see cref="PathPrefix"/> for the client errors the platform
/// itself detects before a handler runs (unreadable body or form, too large, unknown charset, NUL in the
/// query, no route or method), for a module that documents another shape than the API's: OAuth's on
/// <c>/connect</c>, Open-Meteo's on <c>/v1/forecast</c>. <see cref="Write"/> gets the status code and
/// the platform's <see cref="ErrorBody"/> and writes the module's body.
/// </summary>
public sealed record ClientErrorShape(PathString PathPrefix, Func<HttpContext, int, ErrorBody, Task> Write)
{
    /// <summary>The body's messages as one sentence fragment: <c>body is too large</c>.</summary>
    public static string Describe(ErrorBody body) =>
        string.Join("; ", body.Errors.SelectMany(e => e.Value.Select(message => $"{e.Key} {message}")));
}

public static class ClientErrorShapes
{
    public static IServiceCollection AddClientErrorShape(this IServiceCollection services, ClientErrorShape shape) =>
        services.AddSingleton(shape);
}
