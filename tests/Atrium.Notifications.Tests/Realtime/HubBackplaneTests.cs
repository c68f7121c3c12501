using System.Security.Cryptography;
using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atrium.Notifications.Tests.Realtime;

/// <summary>
/// Two instances on one database and one real Redis, a client on each: a write on one instance
/// reaches the clients of the other through the Redis backplane.
/// </summary>
public abstract class HubBackplaneTests : IAsyncLifetime
{
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private string? _redis;
    private InstanceApp? _a;
    private InstanceApp? _b;

    private InstanceApp A => _a!;

    private InstanceApp B => _b!;

    public async Task InitializeAsync()
    {
        _redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();
        // Pub/sub channels are server-wide: this pair's own prefix keeps other tests' messages out.
        var settings = new Dictionary<string, string> { ["Atrium:Realtime:RedisChannelPrefix"] = $"atrium-test-{Guid.NewGuid():N}" };
        var (provider, database) = await CreateDatabaseAsync();
        _a = await StartAsync(new InstanceApp(provider, database, _key, _redis, settings));
        _b = await StartAsync(new InstanceApp(provider, database, _key, _redis, settings));
    }

    [Fact]
    public async Task A_notification_stored_on_one_instance_reaches_the_recipients_clients_on_both()
    {
        var celeb = await A.RegisterAsync("celeb");
        var fan = await A.RegisterAsync("fan");
        await using var onA = await HubClients.ConnectAsync(Address(A), "notifications", celeb.Token);
        await using var onB = await HubClients.ConnectAsync(Address(B), "notifications", celeb.Token);
        var heardOnA = onA.Listen("notification");
        var heardOnB = onB.Listen("notification");

        await fan.FollowAsync(celeb);

        // Either instance's relay may deliver the event (they share the outbox): both clients hear it only through Redis.
        Assert.Equal("follow", (await heardOnB.NextAsync("notification on instance B")).GetProperty("type").GetString());
        Assert.Equal("follow", (await heardOnA.NextAsync("notification on instance A")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_comment_added_on_one_instance_reaches_watchers_on_both()
    {
        var author = await A.RegisterAsync("author");
        var slug = await author.CreateArticleAsync();
        await using var onA = await HubClients.ConnectAsync(Address(A), "comments");
        await using var onB = await HubClients.ConnectAsync(Address(B), "comments");
        var streamA = onA.Listen("commentAdded");
        var streamB = onB.Listen("commentAdded");
        await onA.InvokeAsync("Watch", slug);
        await onB.InvokeAsync("Watch", slug);

        await author.CommentAsync(slug);

        // Either instance's relay may deliver the event (they share the outbox): both watchers hear it only through Redis.
        Assert.Equal(slug, (await streamB.NextAsync("comment on instance B")).GetProperty("articleSlug").GetString());
        Assert.Equal(slug, (await streamA.NextAsync("comment on instance A")).GetProperty("articleSlug").GetString());
    }

    [Fact]
    public async Task A_todo_written_through_one_instance_reaches_the_lists_pages_on_the_other()
    {
        var api = A.CreateClient();
        var list = await (await api.PostAsync("/api/todo-lists", null)).JsonAsync(System.Net.HttpStatusCode.Created);
        await using var page = await HubClients.ConnectAsync(Address(B), "todo-lists");
        var heard = page.Listen0("listChanged");
        await page.InvokeAsync("Join", (string)list["id"]!);

        await api.PostJsonAsync((string)list["todosUrl"]!, new { title = "milk" });

        await heard.NextAsync("the list's change on the other instance");
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _b, _a })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        if (_redis is not null)
        {
            await (await RedisServer.SharedAsync()).DropDatabaseAsync(_redis);
        }

        await DropDatabaseAsync();
    }

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    private static Uri Address(InstanceApp app) => app.ClientOptions.BaseAddress;

    private static async Task<InstanceApp> StartAsync(InstanceApp app)
    {
        app.UseKestrel(FreePort.Next());
        app.StartServer();
        await app.InitializeAsync();
        return app;
    }
}

public sealed class HubBackplaneTests_Sqlite : HubBackplaneTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atrium-backplane-").FullName;

    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "atrium.db")};Default Timeout=30"));

    protected override Task DropDatabaseAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle may linger for a moment; the OS cleans its temp folder anyway.
        }

        return Task.CompletedTask;
    }
}

public sealed class HubBackplaneTests_Postgres : HubBackplaneTests
{
    private string? _database;

    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync()
    {
        _database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("atrium_test");
        return (DatabaseProvider.Postgres, _database);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
        {
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(_database);
        }
    }
}
