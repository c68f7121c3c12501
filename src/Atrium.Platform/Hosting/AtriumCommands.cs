using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Hosting;

/// <summary>
/// The server executable doubles as the admin tool: <c>Atrium.Server migrate</c> applies every
/// module's migrations and exits. Without a command it serves (migrating first only when configured to).
/// </summary>
public static class AtriumCommands
{
    public static async Task<int> RunAtriumAsync(this WebApplication app, string[] args)
    {
        // A command is the first argument; options (--urls x, Key=Value) follow it or stand alone.
        var command = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal) ? args[0] : null;
        switch (command)
        {
            case null:
                if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                }

                await app.RunAsync();
                return 0;
            case "migrate":
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                await Console.Out.WriteLineAsync("Migrations applied.");
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{command}'. Commands: migrate (or none, to serve).");
                return 2;
        }
    }
}
