namespace Atrium.Testing;

/// <summary>
/// A throwaway Redis server of the caller's own, for tests that stop it midway (the shared
/// <see cref="RedisServer"/> must stay up for everyone else).
/// </summary>
public sealed class StoppableRedisServer : IAsyncDisposable
{
    private const string OwnerVariable = "REDIS_THROWAWAY_OWNER_PID";
    private readonly string _script = ThrowawayScript.PathOf("redis-throwaway.sh");
    private readonly string _directory;
    private bool _stopped;

    private StoppableRedisServer(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<StoppableRedisServer> StartAsync()
    {
        var script = ThrowawayScript.PathOf("redis-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("atrium-redis-own-").FullName;
            var port = FreePort.Next();
            var result = await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["start", directory, port.ToString()]);
            if (result.Succeeded && result.Stdout.Trim().Length > 0)
            {
                return new StoppableRedisServer(directory, result.Stdout.Trim());
            }

            // A port taken between the probe and the bind: try another.
            failures.Add(result.ToString());
            await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["stop", directory]);
        }

        throw new InvalidOperationException("Could not start a throwaway Redis server:\n" + string.Join("\n", failures));
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["stop", _directory]);
        }
    }

    /// <summary>Stops the server but keeps its files, so <see cref="ResumeAsync"/> brings it back on the same port.</summary>
    public async Task PauseAsync() => (await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["pause", _directory])).ThrowIfFailed();

    /// <summary>Starts a paused server again (same port, same password, empty data).</summary>
    public async Task ResumeAsync() => (await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["resume", _directory])).ThrowIfFailed();

    public async ValueTask DisposeAsync() => await StopAsync();
}
