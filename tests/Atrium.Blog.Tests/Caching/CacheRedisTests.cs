using System.Net;
using System.Security.Cryptography;
using Atrium.Platform.Data;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Caching;

/// <summary>Redis as the second level, and what happens without it: never a stale read, never an error.</summary>
public sealed class CacheRedisTests(RedisSqliteInstances shared) : IClassFixture<RedisSqliteInstances>
{
    [Fact]
    public async Task An_entry_one_instance_cached_serves_the_other_from_redis()
    {
        var author = await shared.A.RegisterAsync("shared");
        var slug = await author.CreateArticleAsync();
        await ReadAsync(shared.A, $"/api/articles/{slug}");

        shared.B.SqlCommands.Reset();
        await ReadAsync(shared.B, $"/api/articles/{slug}");
        Assert.Equal(0, shared.B.SqlCommands.Count);
    }

    [Fact]
    public async Task With_redis_unreachable_from_the_start_reads_come_from_the_database()
    {
        await using var pair = await Pair.StartAsync(UnreachableRedis());
        var author = await pair.A.RegisterAsync("noredis");
        var slug = await author.CreateArticleAsync();
        await ReadAsync(pair.B, $"/api/articles/{slug}");
        pair.B.SqlCommands.Reset();
        await ReadAsync(pair.B, $"/api/articles/{slug}");
        Assert.True(pair.B.SqlCommands.Count > 0, "without Redis stamps nothing may come from the cache");

        await UpdateBodyAsync(author, slug, "Written without Redis");
        Assert.Equal("Written without Redis", await BodyAsync(pair.B, slug));
        Assert.Equal("Written without Redis", await BodyAsync(pair.A, slug));
    }

    [Fact]
    public async Task Redis_stopping_midway_never_serves_what_was_cached_before()
    {
        await using var redis = await StoppableRedisServer.StartAsync();
        await using var pair = await Pair.StartAsync(redis.ConnectionString);
        var author = await pair.A.RegisterAsync("outage");
        var tag = Api.Unique("outage");
        var slug = await author.CreateArticleAsync(tags: [tag]);
        await BodyAsync(pair.B, slug);
        await ReadAsync(pair.B, "/api/tags");
        pair.B.SqlCommands.Reset();
        await BodyAsync(pair.B, slug);
        Assert.Equal(0, pair.B.SqlCommands.Count);

        await redis.StopAsync();
        await UpdateBodyAsync(author, slug, "Written while Redis was down");
        await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { tagList = Array.Empty<string>() } }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Written while Redis was down", await BodyAsync(pair.B, slug));
        Assert.Equal("Written while Redis was down", await BodyAsync(pair.A, slug));
        Assert.DoesNotContain(tag, (await ReadAsync(pair.B, "/api/tags"))["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Redis_losing_its_data_never_brings_back_an_old_entry()
    {
        await using var redis = await StoppableRedisServer.StartAsync();
        await using var pair = await Pair.StartAsync(redis.ConnectionString);
        var author = await pair.A.RegisterAsync("flushed");
        var slug = await author.CreateArticleAsync();
        await BodyAsync(pair.B, slug);
        await UpdateBodyAsync(author, slug, "Second");
        Assert.Equal("Second", await BodyAsync(pair.B, slug));

        // As if Redis restarted empty: the stamps are gone, B's memory still holds entries keyed with them.
        var options = StackExchange.Redis.ConfigurationOptions.Parse(redis.ConnectionString);
        options.AllowAdmin = true;
        await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        await UpdateBodyAsync(author, slug, "Third");
        Assert.Equal("Third", await BodyAsync(pair.B, slug));
    }

    [Fact]
    public async Task Switched_off_every_read_goes_to_the_database()
    {
        await using var pair = await Pair.StartAsync(redis: null, new Dictionary<string, string> { ["Atrium:Cache:Enabled"] = "false" });
        var author = await pair.A.RegisterAsync("off");
        var slug = await author.CreateArticleAsync();
        await ReadAsync(pair.B, $"/api/articles/{slug}");
        pair.B.SqlCommands.Reset();
        await ReadAsync(pair.B, $"/api/articles/{slug}");
        Assert.True(pair.B.SqlCommands.Count > 0);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ReadAsync(AtriumApp app, string url) =>
        await (await app.CreateClient().GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    private static async Task<string> BodyAsync(AtriumApp app, string slug) =>
        (string)(await ReadAsync(app, $"/api/articles/{slug}"))["article"]!["body"]!;

    private static async Task UpdateBodyAsync(TestUser author, string slug, string body) =>
        await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { body } })).JsonAsync(HttpStatusCode.OK);

    /// <summary>A port nothing listens on (taken and released at once), with a short connect timeout.</summary>
    private static string UnreachableRedis()
    {
        return $"127.0.0.1:{FreePort.Next()},password=unused,connectTimeout=500";
    }

    /// <summary>Two instances of this test's own, on a fresh SQLite file.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        private readonly string _directory;

        private Pair(string directory, InstanceApp a, InstanceApp b)
        {
            _directory = directory;
            A = a;
            B = b;
        }

        public InstanceApp A { get; }

        public InstanceApp B { get; }

        public static async Task<Pair> StartAsync(string? redis, IReadOnlyDictionary<string, string>? settings = null)
        {
            var directory = Directory.CreateTempSubdirectory("atrium-cache-").FullName;
            var database = $"Data Source={Path.Combine(directory, "atrium.db")};Default Timeout=30";
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            var pair = new Pair(
                directory,
                new InstanceApp(DatabaseProvider.Sqlite, database, key, redis, settings),
                new InstanceApp(DatabaseProvider.Sqlite, database, key, redis, settings));
            await pair.A.InitializeAsync();
            await pair.B.InitializeAsync();
            return pair;
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            MemoryInstances.TryDelete(_directory);
        }
    }
}
