using Atrium.Testing;
using Npgsql;

namespace Atrium.Platform.Tests.Testing;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_created_database_accepts_queries_and_is_gone_after_drop()
    {
        var server = await PostgresServer.SharedAsync();

        var connectionString = await server.CreateDatabaseAsync("PostgresServer Tests!");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Assert.Matches("^postgresservertests_[0-9a-f]{32}$", name);

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, await select.ExecuteScalarAsync());
        }

        await server.DropDatabaseAsync(connectionString);

        await using var admin = new NpgsqlConnection(server.ConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name!);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_callers_share_one_server_and_get_distinct_databases()
    {
        var tasks = Enumerable.Range(0, 4).Select(_ => PostgresServer.SharedAsync()).ToArray();
        var servers = await Task.WhenAll(tasks);
        Assert.All(servers, s => Assert.Same(servers[0], s));

        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => servers[0].CreateDatabaseAsync("same")));
        Assert.Equal(4, created.Distinct().Count());
        await Task.WhenAll(created.Select(c => servers[0].DropDatabaseAsync(c)));
    }
}
