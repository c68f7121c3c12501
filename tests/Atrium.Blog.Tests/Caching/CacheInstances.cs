using System.Security.Cryptography;
using Atrium.Platform.Data;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Caching;

/// <summary>
/// Server instances over one database: tests write through <see cref="A"/> and read through
/// <see cref="B"/>. With Redis they are two processes' worth of hosts sharing one Redis; the embedded
/// default (memory cache, meant for one instance) is a single host, so A and B are the same.
/// </summary>
public abstract class CacheInstances : IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public AtriumApp A { get; private set; } = null!;

    public AtriumApp B { get; private set; } = null!;

    protected abstract bool TwoInstances { get; }

    public async Task InitializeAsync()
    {
        var (provider, database, redis) = await CreateStoresAsync();
        A = new InstanceApp(provider, database, _signingKey, redis);
        await A.InitializeAsync();
        B = TwoInstances ? new InstanceApp(provider, database, _signingKey, redis) : A;
        if (B != A)
        {
            await B.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        if (B != A)
        {
            await B.DisposeAsync();
        }

        await DropStoresAsync();
    }

    protected abstract Task<(DatabaseProvider Provider, string Database, string? Redis)> CreateStoresAsync();

    protected abstract Task DropStoresAsync();
}

/// <summary>The embedded default: SQLite, memory cache, one instance.</summary>
public sealed class MemoryInstances : CacheInstances
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-cache-").FullName;

    protected override bool TwoInstances => false;

    protected override Task<(DatabaseProvider, string, string?)> CreateStoresAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "atrium.db")};Default Timeout=30", (string?)null));

    protected override Task DropStoresAsync()
    {
        TryDelete(_directory);
        return Task.CompletedTask;
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle may linger for a moment; the OS cleans the temp folder anyway.
        }
    }
}

/// <summary>Two instances on one SQLite file and one Redis database.</summary>
public sealed class RedisSqliteInstances : CacheInstances
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-cache-").FullName;
    private string? _redis;

    protected override bool TwoInstances => true;

    protected override async Task<(DatabaseProvider, string, string?)> CreateStoresAsync()
    {
        _redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();
        return (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "atrium.db")};Default Timeout=30", _redis);
    }

    protected override async Task DropStoresAsync()
    {
        if (_redis is not null)
        {
            await (await RedisServer.SharedAsync()).DropDatabaseAsync(_redis);
        }

        MemoryInstances.TryDelete(_directory);
    }
}

/// <summary>Two instances on one PostgreSQL database and one Redis database.</summary>
public sealed class RedisPostgresInstances : CacheInstances
{
    private string? _database;
    private string? _redis;

    protected override bool TwoInstances => true;

    protected override async Task<(DatabaseProvider, string, string?)> CreateStoresAsync()
    {
        _database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("atrium_test");
        _redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();
        return (DatabaseProvider.Postgres, _database, _redis);
    }

    protected override async Task DropStoresAsync()
    {
        if (_redis is not null)
        {
            await (await RedisServer.SharedAsync()).DropDatabaseAsync(_redis);
        }

        if (_database is not null)
        {
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_database);
        }
    }
}
