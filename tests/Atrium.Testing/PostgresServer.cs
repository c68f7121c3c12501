using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Atrium.Testing;

/// <summary>
/// One real PostgreSQL server per test process, started on first use by
/// <c>scripts/postgres-throwaway.sh</c> and stopped when the process exits. Tests isolate
/// themselves by creating a fresh database each (<see cref="CreateDatabaseAsync"/>).
/// Set <c>ATRIUM_TEST_POSTGRES</c> to an Npgsql connection string (a superuser's) to use an
/// existing server instead.
/// </summary>
public sealed partial class PostgresServer
{
    public const string ConnectionStringVariable = "ATRIUM_TEST_POSTGRES";

    // Parallel test assemblies pick ports independently, so a port can be taken between our
    // probe and the server's bind: retry with a new one.
    private const int StartAttempts = 3;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    private static readonly Lazy<Task<PostgresServer>> Shared =
        new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _script;
    private readonly string? _directory;
    private int _stopped;

    private PostgresServer(string connectionString, string? script, string? directory)
    {
        ConnectionString = connectionString;
        _script = script;
        _directory = directory;
    }

    /// <summary>The superuser's connection string to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString { get; }

    /// <summary>The process-wide server, started once, on first call.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Creates an empty database named after <paramref name="prefix"/> plus a unique suffix.</summary>
    /// <returns>A connection string to the new database.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken ct = default)
    {
        var name = NewDatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(ct);
            // Identifiers cannot be bound as parameters; the name is generated from [a-z0-9_] only.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections first.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !GeneratedName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a database made by {nameof(CreateDatabaseAsync)}; refusing to drop it.",
                nameof(connectionString));
        }

        // Idle pooled connections of the tests would otherwise hold the database open.
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()",
            connection))
        {
            terminate.Parameters.AddWithValue("name", name);
            await terminate.ExecuteNonQueryAsync(ct);
        }

        // WITH (FORCE) also ends sessions that connected after the terminate above.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    // Lowercase letters, digits and underscores, at most 63 bytes (PostgreSQL's identifier limit):
    // up to 24 from the prefix, then a 32-digit unique suffix.
    private static string NewDatabaseName(string prefix)
    {
        var cleaned = new string([.. prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')]);
        if (cleaned.Length > 24)
        {
            cleaned = cleaned[..24];
        }

        if (cleaned.Length == 0 || char.IsAsciiDigit(cleaned[0]))
        {
            cleaned = "t" + cleaned;
        }

        return $"{cleaned}_{Guid.NewGuid():N}";
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,24}_[0-9a-f]{32}$")]
    private static partial Regex GeneratedName();

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            // Fail here, with the variable's name, rather than in some test's first query.
            _ = new NpgsqlConnectionStringBuilder(external);
            return new PostgresServer(external, script: null, directory: null);
        }

        var script = ThrowawayScript.PathOf("postgres-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // Directly in the temp dir: the script runs the server as the postgres user, who must
            // reach the directory, and keeps the unix socket path short.
            var directory = Directory.CreateTempSubdirectory("atrium-pg-").FullName;
            var port = FreePort.Next();
            var (exitCode, stdout, stderr) = await RunScriptAsync(script, "start", directory, port.ToString());
            var connectionString = stdout.Trim();
            if (exitCode == 0 && connectionString.Length > 0)
            {
                var server = new PostgresServer(connectionString, script, directory);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }

            failures.Add($"attempt {attempt} (port {port}) exited {exitCode}:\n{stderr.Trim()}");
            await RunScriptAsync(script, "stop", directory);
        }

        throw new InvalidOperationException(
            $"Could not start a throwaway PostgreSQL server with {script}. Run scripts/ensure-deps.sh, " +
            $"or set {ConnectionStringVariable} to a server's connection string.\n" +
            string.Join("\n", failures));
    }

    private void Stop()
    {
        if (_script is null || _directory is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // ProcessExit handlers cannot await; block briefly. If this fails, the script's watchdog
        // (PG_THROWAWAY_OWNER_PID) stops the server once this process is gone.
        RunScriptAsync(_script, "stop", _directory).GetAwaiter().GetResult();
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(
        string script, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PG_THROWAWAY_OWNER_PID"] = Environment.ProcessId.ToString();

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not run bash {script}.");
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"{script} {string.Join(' ', arguments)} did not finish within {ScriptTimeout}.");
        }
    }
}
