using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;

namespace Atrium.Testing;

/// <summary>
/// One real Redis server per test process, started on first use by
/// <c>scripts/redis-throwaway.sh</c> and stopped when the process exits. Set
/// <c>ATRIUM_TEST_REDIS</c> to a StackExchange.Redis connection string to use an existing server
/// instead.
/// </summary>
/// <remarks>
/// Tests isolate themselves by database number, so the code under test needs nothing but a
/// connection string: <see cref="CreateDatabaseAsync"/> leases a database that nobody else holds,
/// empties it and returns a connection string whose <c>defaultDatabase</c> selects it;
/// <see cref="DropDatabaseAsync"/> empties it and hands it back. Databases 1 to
/// <see cref="DatabaseCount"/> - 1 are leased (the throwaway server has 64, a stock Redis 16);
/// when all are taken, <see cref="CreateDatabaseAsync"/> waits up to a minute for one.
/// A lease is a key in database 0 (<c>atrium:test:database-lease:N</c>), so test processes that
/// share one server (through the variable) never hold the same database at once.
/// Database 0 (<see cref="ConnectionString"/>) is shared by everyone: use unique keys there and
/// never FLUSHDB or FLUSHALL. Pub/sub channels are server-wide whatever the database: give them
/// unique names.
/// </remarks>
public sealed class RedisServer
{
    public const string ConnectionStringVariable = "ATRIUM_TEST_REDIS";

    // Parallel test assemblies pick ports independently, so a port can be taken between our
    // probe and the server's bind: retry with a new one.
    private const int StartAttempts = 3;
    private const string OwnerVariable = "REDIS_THROWAWAY_OWNER_PID";
    private const string LeaseKeyPrefix = "atrium:test:database-lease:";

    // A lease left by a process that was killed frees itself after this; every other way of
    // ending hands its leases back (DropDatabaseAsync, or at process exit).
    private static readonly TimeSpan LeaseExpiry = TimeSpan.FromHours(1);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Task<RedisServer>> Shared =
        new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    // AllowAdmin: FLUSHDB of a leased database goes through IServer.
    private readonly ConnectionMultiplexer _admin;
    private readonly IServer _server;
    private readonly ConcurrentDictionary<int, string> _leases = new();
    private readonly string? _script;
    private readonly string? _directory;
    private int _nextCandidate;
    private int _stopped;

    private RedisServer(string connectionString, ConnectionMultiplexer admin, string? script, string? directory)
    {
        ConnectionString = connectionString;
        _admin = admin;
        _server = admin.GetServers().First(s => !s.IsReplica);
        _script = script;
        _directory = directory;
    }

    /// <summary>The connection string (with password) to database 0, which everyone shares.</summary>
    public string ConnectionString { get; }

    /// <summary>How many databases the server has (its <c>databases</c> setting).</summary>
    public int DatabaseCount => _server.DatabaseCount;

    /// <summary>The process-wide server, started once, on first call.</summary>
    public static Task<RedisServer> SharedAsync() => Shared.Value;

    /// <summary>Leases an empty database for the caller alone.</summary>
    /// <returns>A connection string whose <c>defaultDatabase</c> is the leased database.</returns>
    /// <exception cref="TimeoutException">Every database stayed leased for a minute.</exception>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var count = DatabaseCount;
        if (count < 2)
        {
            throw new InvalidOperationException($"The server has {count} database(s); leasing needs at least 2.");
        }

        var token = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
        var leases = _admin.GetDatabase(0);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Start where the last lease left off: concurrent callers then rarely try the same one.
            var start = Interlocked.Increment(ref _nextCandidate);
            for (var i = 0; i < count - 1; i++)
            {
                var number = 1 + ((start + i) & int.MaxValue) % (count - 1);
                if (_leases.ContainsKey(number) ||
                    !await leases.LockTakeAsync(LeaseKeyPrefix + number, token, LeaseExpiry).WaitAsync(ct))
                {
                    continue;
                }

                _leases[number] = token;
                // Whatever an earlier holder left (a killed process never dropped it) goes now.
                await _server.FlushDatabaseAsync(number).WaitAsync(ct);
                var options = ConfigurationOptions.Parse(ConnectionString);
                options.DefaultDatabase = number;
                return options.ToString(includePassword: true);
            }

            if (waited.Elapsed > LeaseWait)
            {
                throw new TimeoutException(
                    $"All {count - 1} leasable databases of the Redis server stayed in use for {LeaseWait}. " +
                    $"Hand them back with {nameof(DropDatabaseAsync)} when a test is done.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>Empties a database leased by <see cref="CreateDatabaseAsync"/> and ends the lease.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var number = ConfigurationOptions.Parse(connectionString).DefaultDatabase;
        if (number is not int leased || !_leases.TryRemove(leased, out var token))
        {
            throw new ArgumentException(
                $"Database {number?.ToString() ?? "(none)"} is not leased by {nameof(CreateDatabaseAsync)} " +
                "(or was dropped already); refusing to empty it.",
                nameof(connectionString));
        }

        await _server.FlushDatabaseAsync(leased).WaitAsync(ct);
        await _admin.GetDatabase(0).LockReleaseAsync(LeaseKeyPrefix + leased, token).WaitAsync(ct);
    }

    private static async Task<RedisServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            // Fail here, with the variable's name, rather than in some test's first command.
            ConnectionMultiplexer admin;
            try
            {
                admin = await ConnectAdminAsync(external);
            }
            catch (Exception e) when (e is ArgumentException or RedisException)
            {
                throw new InvalidOperationException(
                    $"{ConnectionStringVariable} does not lead to a usable Redis server: {e.Message}", e);
            }

            return Register(new RedisServer(external, admin, script: null, directory: null));
        }

        var script = ThrowawayScript.PathOf("redis-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("atrium-redis-").FullName;
            var port = FreePort.Next();
            var result = await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["start", directory, port.ToString()]);
            var connectionString = result.Stdout.Trim();
            if (result.Succeeded && connectionString.Length > 0)
            {
                try
                {
                    var admin = await ConnectAdminAsync(connectionString);
                    return Register(new RedisServer(connectionString, admin, script, directory));
                }
                catch (RedisException e)
                {
                    failures.Add($"attempt {attempt} (port {port}) started, but: {e.Message}");
                }
            }
            else
            {
                failures.Add($"attempt {attempt} (port {port}) {result}");
            }

            await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["stop", directory]);
        }

        throw new InvalidOperationException(
            $"Could not start a throwaway Redis server with {script}. Run scripts/ensure-deps.sh, " +
            $"or set {ConnectionStringVariable} to a server's connection string.\n" +
            string.Join("\n", failures));
    }

    private static async Task<ConnectionMultiplexer> ConnectAdminAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static RedisServer Register(RedisServer server)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // ProcessExit handlers cannot await; block briefly. Leases matter on a shared server (the
        // variable): hand back what tests did not drop, so the next run need not wait for expiry.
        try
        {
            foreach (var (number, token) in _leases)
            {
                _admin.GetDatabase(0).LockRelease(LeaseKeyPrefix + number, token);
            }
        }
        catch (RedisException)
        {
            // Best effort: an unreleased lease still expires.
        }

        _admin.Dispose();
        if (_script is not null && _directory is not null)
        {
            // If this fails, the script's watchdog stops the server once this process is gone.
            ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["stop", _directory]).GetAwaiter().GetResult();
        }
    }
}
