using Atrium.Testing;
using StackExchange.Redis;

namespace Atrium.Platform.Tests.Testing;

public sealed class RedisServerTests
{
    [Fact]
    public async Task A_created_database_stores_values_and_is_empty_after_drop()
    {
        var server = await RedisServer.SharedAsync();

        var connectionString = await server.CreateDatabaseAsync();
        var number = ConfigurationOptions.Parse(connectionString).DefaultDatabase;
        Assert.InRange(number ?? 0, 1, server.DatabaseCount - 1);

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            var db = redis.GetDatabase();
            Assert.Equal(number, db.Database);
            Assert.True(await db.StringSetAsync("greeting", "hello"));
            Assert.Equal("hello", await db.StringGetAsync("greeting"));
        }

        await server.DropDatabaseAsync(connectionString);

        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        Assert.False(await admin.GetDatabase(number!.Value).KeyExistsAsync("greeting"));
        await Assert.ThrowsAsync<ArgumentException>(() => server.DropDatabaseAsync(connectionString));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_server_and_do_not_see_each_others_keys()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RedisServer.SharedAsync()));
        Assert.All(servers, s => Assert.Same(servers[0], s));
        var server = servers[0];

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => server.CreateDatabaseAsync()));
        Assert.Equal(4, created.Select(c => ConfigurationOptions.Parse(c).DefaultDatabase).Distinct().Count());
        try
        {
            // Same key, different values: each caller reads back only its own.
            await Task.WhenAll(created.Select(async (connectionString, i) =>
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
                await redis.GetDatabase().StringSetAsync("owner", i);
            }));
            for (var i = 0; i < created.Length; i++)
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(created[i]);
                var db = redis.GetDatabase();
                Assert.Equal(i, (int)await db.StringGetAsync("owner"));
                Assert.Equal(1L, (long)await db.ExecuteAsync("DBSIZE"));
            }
        }
        finally
        {
            await Task.WhenAll(created.Select(c => server.DropDatabaseAsync(c)));
        }
    }
}
