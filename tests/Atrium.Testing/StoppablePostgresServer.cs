using Npgsql;

namespace Atrium.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster of the caller's own, for tests that take the database away and
/// bring it back (the shared <see cref="PostgresServer"/> must stay up for everyone else).
/// </summary>
public sealed class StoppablePostgresServer : IAsyncDisposable
{
    private const string OwnerVariable = "PG_THROWAWAY_OWNER_PID";
    private readonly string _script = ThrowawayScript.PathOf("postgres-throwaway.sh");
    private readonly string _directory;
    private bool _stopped;

    private StoppablePostgresServer(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The superuser's connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>A connection string to a fresh database on this cluster.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            // The name comes from the test code, letters and underscores only.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Timeout = 3 }.ConnectionString;
    }

    public static async Task<StoppablePostgresServer> StartAsync()
    {
        var script = ThrowawayScript.PathOf("postgres-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // Directly in the temp dir: the postgres user must reach it, and the socket path stays short.
            var directory = Directory.CreateTempSubdirectory("atrium-pg-own-").FullName;
            var port = FreePort.Next();
            var result = await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["start", directory, port.ToString()]);
            if (result.Succeeded && result.Stdout.Trim().Length > 0)
            {
                return new StoppablePostgresServer(directory, result.Stdout.Trim());
            }

            failures.Add(result.ToString());
            await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["stop", directory]);
        }

        throw new InvalidOperationException("Could not start a throwaway PostgreSQL cluster:\n" + string.Join("\n", failures));
    }

    /// <summary>Stops the server but keeps its data: an outage.</summary>
    public async Task PauseAsync() => (await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["pause", _directory])).ThrowIfFailed();

    /// <summary>Starts a paused server again on the same port with the same data.</summary>
    public async Task ResumeAsync() => (await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["resume", _directory])).ThrowIfFailed();

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            NpgsqlConnection.ClearAllPools();
            await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["stop", _directory]);
        }
    }
}
