using System.Net;
using System.Text.Json.Nodes;
using Atrium.Platform.Data;
using Atrium.Platform.Jobs;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>
/// The real server with the test jobs registered and short delays. Several of these may share one
/// database (and signing key) to play replicas or a restart: only the one that created the database drops it.
/// </summary>
public abstract class JobsApp : AtriumApp
{
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Atrium:Jobs:RetryBaseDelay"] = "00:00:01",
        ["Atrium:Jobs:CancellationPollInterval"] = "00:00:00.200",
        ["Atrium:Jobs:PollInterval"] = "00:00:01",
        ["Atrium:Jobs:HeartbeatInterval"] = "00:00:01",
    };

    public List<Action<IServiceCollection>> ExtraServices { get; } = [];

    /// <summary>Set to another app's key so its tokens work here too.</summary>
    public string? SharedSigningKey { get; init; }

    public string Key => SharedSigningKey ?? SigningKey;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Auth:SigningKey", Key);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            TestJobs.Register(services);
            ExtraServices.ForEach(add => add(services));
        });
    }

    public async Task<Guid> EnqueueAsync<TJob, TArgs>(TArgs args, Guid? owner)
        where TJob : class, IBackgroundJob<TArgs>
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IJobQueue>().EnqueueAsync<TJob, TArgs>(args, owner);
    }

    public static Guid UserId(TestUser user) => Guid.Parse(new JsonWebToken(user.Token).Subject);

    /// <summary>Polls the job as its owner until <paramref name="done"/> holds (30 s at most).</summary>
    public static async Task<JsonNode> WaitForJobAsync(HttpClient owner, Guid id, Func<JsonNode, bool> done)
    {
        JsonNode? last = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            last = (await (await owner.GetAsync($"/api/jobs/{id}")).JsonAsync(HttpStatusCode.OK))["job"]!;
            if (done(last))
            {
                return last;
            }
        }

        throw new TimeoutException($"Job {id} never got there; last seen: {last?.ToJsonString()}");
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return;
            }
        }

        throw new TimeoutException($"Timed out waiting for {what}");
    }
}

public class JobsSqliteApp : JobsApp
{
    // Outside DataDirectory, which an app deletes when disposed: a restarted app opens the same file.
    public string DatabaseFile { get; init; } =
        Path.Combine(Directory.CreateTempSubdirectory("atrium-jobs-db-").FullName, "atrium.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={DatabaseFile};Default Timeout=30";

    public JobsSqliteApp SameDatabase() => new() { DatabaseFile = DatabaseFile, SharedSigningKey = Key };
}

public class JobsPostgresApp : JobsApp
{
    private string? _connectionString;
    private bool _ownsDatabase;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>Another app on this database; it takes over dropping it, so call this before disposing this one.</summary>
    public JobsPostgresApp SameDatabase()
    {
        _ownsDatabase = false;
        return new() { _connectionString = ConnectionString, _ownsDatabase = true, SharedSigningKey = Key };
    }

    public override async Task InitializeAsync()
    {
        if (_connectionString is null)
        {
            _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("atrium_jobs");
            _ownsDatabase = true;
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(ConnectionString);
        }
    }
}
