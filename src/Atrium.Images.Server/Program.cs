using Atrium.Platform.Hosting;

namespace Atrium.Images.Server;

/// <summary>
/// The image service on its own: the platform core (accounts and tokens, data, cache, jobs, events,
/// telemetry, health) and the Images module, nothing else. Not top-level statements: a named
/// namespace keeps its Program apart from the all-in-one server's when tests load both.
/// </summary>
public sealed class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddAtriumPlatform();
        builder.AddImages();

        var app = builder.Build();
        app.UseAtriumPlatform();
        app.MapImages();

        return await app.RunAtriumAsync(args);
    }
}
