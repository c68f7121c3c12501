using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atrium.Platform.Admin;

/// <summary>
/// <c>backup --out FILE</c> and <c>restore --from FILE</c> for the whole database (every module's tables).
/// SQLite uses the online backup API (a consistent copy while the server keeps running); PostgreSQL uses
/// <c>pg_dump -Fc</c> and <c>pg_restore --clean --if-exists --single-transaction</c> (all or nothing).
/// The PostgreSQL client tools are found in <c>Atrium:Backup:PostgresBinDirectory</c>, on the PATH, or in
/// <c>/usr/lib/postgresql/*/bin</c> (newest first).
/// </summary>
public static class BackupCommands
{
    public const string BinDirectoryKey = "Atrium:Backup:PostgresBinDirectory";

    public static async Task<int> BackupAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken ct)
    {
        var target = Path.GetFullPath(args.Required("out"));
        if (File.Exists(target) && !args.Has("force"))
        {
            throw new CommandException($"{target} already exists; choose another file or pass --force to replace it.");
        }

        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
        {
            throw new CommandException($"The folder {folder} does not exist.");
        }

        var settings = services.GetRequiredService<DatabaseSettings>();
        // Written beside the target and moved into place: a failed backup never leaves a half file behind.
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await using var source = new SqliteConnection(settings.ConnectionString);
                await source.OpenAsync(ct);
                await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
                {
                    await destination.OpenAsync(ct);
                    source.BackupDatabase(destination);
                }
            }
            else
            {
                await RunPostgresToolAsync(services, "pg_dump", settings.ConnectionString,
                    ["--format=custom", "--no-owner", "--no-privileges", $"--file={partial}"], console, ct);
            }

            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        await console.Out.WriteLineAsync($"Backup written to {target} ({new FileInfo(target).Length:N0} bytes).");
        return 0;
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken ct)
    {
        var source = Path.GetFullPath(args.Required("from"));
        if (!File.Exists(source))
        {
            throw new CommandException($"{source} does not exist.");
        }

        var settings = services.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            try
            {
                await backup.OpenAsync(ct);
                await using var check = backup.CreateCommand();
                check.CommandText = "PRAGMA quick_check";
                if (await check.ExecuteScalarAsync(ct) as string != "ok")
                {
                    throw new CommandException($"{source} is a damaged SQLite database; nothing was restored.");
                }
            }
            catch (SqliteException e)
            {
                throw new CommandException($"{source} is not a SQLite backup ({e.Message.TrimEnd('.')}); nothing was restored.");
            }

            // The backup API replaces the live database page by page inside one write transaction.
            await using var live = new SqliteConnection(settings.ConnectionString);
            await live.OpenAsync(ct);
            backup.BackupDatabase(live);
            SqliteConnection.ClearAllPools();
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await RunPostgresToolAsync(services, "pg_restore", settings.ConnectionString,
                ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", source], console, ct);
            NpgsqlConnection.ClearAllPools();
        }

        await console.Out.WriteLineAsync($"Database restored from {source}.");
        return 0;
    }

    private static async Task RunPostgresToolAsync(
        IServiceProvider services, string tool, string connectionString, string[] arguments, CommandConsole console, CancellationToken ct)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(FindTool(services, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!string.IsNullOrEmpty(connection.Host))
        {
            start.ArgumentList.Add($"--host={connection.Host}");
        }

        start.ArgumentList.Add($"--port={connection.Port}");
        if (!string.IsNullOrEmpty(connection.Username))
        {
            start.ArgumentList.Add($"--username={connection.Username}");
        }

        start.ArgumentList.Add("--no-password");
        start.ArgumentList.Add($"--dbname={connection.Database}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes through the environment, never the argument list (visible to every local user).
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        using var process = Process.Start(start) ?? throw new CommandException($"Could not start {tool}.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var errors = (await stderr).Trim();
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new CommandException($"{tool} failed (exit code {process.ExitCode}): {errors}");
        }

        if (errors.Length > 0)
        {
            await console.Error.WriteLineAsync(errors);
        }
    }

    private static string FindTool(IServiceProvider services, string tool)
    {
        var configured = services.GetRequiredService<IConfiguration>()[BinDirectoryKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.Combine(configured, tool);
            return File.Exists(path) ? path : throw new CommandException($"{path} does not exist (set by {BinDirectoryKey}).");
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists)
            ?? throw new CommandException($"{tool} was not found: install the PostgreSQL client tools or set {BinDirectoryKey}.");
    }

    private static int VersionOf(string folder) => int.TryParse(Path.GetFileName(folder), out var version) ? version : 0;
}
