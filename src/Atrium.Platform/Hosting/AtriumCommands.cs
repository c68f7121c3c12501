using Atrium.Platform.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Hosting;

/// <summary>
/// The server executable doubles as the admin tool (like Django's manage.py):
/// <c>Atrium.Server migrate | create-admin | seed | backup | restore</c> runs one command and exits.
/// Without a command it serves (migrating first only when configured to).
/// </summary>
public static class AtriumCommands
{
    public const string Usage = """
        Commands (run one and exit; without a command the server serves):
          migrate                                  apply every module's migrations
          create-admin --username U [--email E] [--password-stdin]
                                                   create an administrator or promote an existing account
                                                   (password from ATRIUM_ADMIN_PASSWORD, stdin, or a hidden prompt)
          seed [--users N] [--articles N] [--password P] [--random-seed S]
                                                   demo accounts and content through the modules' own code
          backup --out FILE [--force]              copy the whole database to FILE
          restore --from FILE                      replace the whole database with FILE's contents
        """;

    public static async Task<int> RunAtriumAsync(this WebApplication app, string[] args)
    {
        // A command is the first argument; options (--urls x, Key=Value) follow it or stand alone.
        var command = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal) ? args[0] : null;
        if (command is null)
        {
            if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            {
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            }

            await app.RunAsync();
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await RunCommandAsync(app.Services, args, CommandConsole.System, cancel.Token);
    }

    /// <summary>
    /// Runs the command <paramref name="args"/> names (the executable's arguments) against a built host's
    /// services. Returns the exit code: 0 done, 1 failed (the reason printed as one line), 2 usage error.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, string[] args, CommandConsole console, CancellationToken ct)
    {
        var command = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        try
        {
            switch (command)
            {
                case "migrate":
                    await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
                    await console.Out.WriteLineAsync("Migrations applied.");
                    return 0;
                case "create-admin":
                    return await CreateAdminCommand.RunAsync(services, new CommandArguments(rest, ["username", "email"], ["password-stdin"]), console, ct);
                case "seed":
                    return await SeedCommand.RunAsync(services, new CommandArguments(rest, ["users", "articles", "password", "random-seed"], []), console, ct);
                case "backup":
                    return await BackupCommands.BackupAsync(services, new CommandArguments(rest, ["out"], ["force"]), console, ct);
                case "restore":
                    return await BackupCommands.RestoreAsync(services, new CommandArguments(rest, ["from"], []), console, ct);
                default:
                    if (services.GetServices<IAtriumCommand>().FirstOrDefault(c => c.Name == command) is { } contributed)
                    {
                        return await contributed.RunAsync(services, rest, console, ct);
                    }

                    await console.Error.WriteLineAsync($"Unknown command '{command}'.");
                    await console.Error.WriteLineAsync(Usage);
                    foreach (var other in services.GetServices<IAtriumCommand>())
                    {
                        await console.Error.WriteLineAsync(other.Usage);
                    }

                    return 2;
            }
        }
        catch (CommandException e)
        {
            await console.Error.WriteLineAsync($"{command}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"{command}: cancelled.");
            return 1;
        }
    }
}

/// <summary>A command a module contributes (registered as a singleton), run like the built-in ones.</summary>
public interface IAtriumCommand
{
    /// <summary>The first argument that selects it.</summary>
    string Name { get; }

    /// <summary>Lines for the usage text, indented like <see cref="AtriumCommands.Usage"/>.</summary>
    string Usage { get; }

    /// <summary>Runs with the arguments after the name; 0 done, 1 failed (throw <see cref="CommandException"/>), 2 usage error.</summary>
    Task<int> RunAsync(IServiceProvider services, string[] args, CommandConsole console, CancellationToken ct);
}
