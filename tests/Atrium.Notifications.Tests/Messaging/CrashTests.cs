using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Atrium.Testing;
using Microsoft.Data.Sqlite;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>
/// Nothing committed is lost: a server killed (SIGKILL) with events still in its outbox relays
/// them after restart, and each takes effect exactly once.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Readers = 4;

    private readonly string _data = Directory.CreateTempSubdirectory("atrium-crash-").FullName;
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    [Fact]
    public async Task Events_committed_before_a_SIGKILL_are_delivered_once_after_restart()
    {
        var noRelay = new Dictionary<string, string> { ["Atrium__Messaging__RelayEnabled"] = "false" };
        string authorToken;
        await using (var first = await ServerProcess.StartAsync(_data, _key, noRelay))
        {
            authorToken = await RegisterAsync(first, "author");
            var author = await ProfileNameAsync(first, authorToken);
            var slug = await CreateArticleAsync(first, authorToken);
            for (var i = 0; i < Readers; i++)
            {
                var reader = first.Client(await RegisterAsync(first, "reader"));
                Assert.Equal(HttpStatusCode.OK, (await reader.PostAsync($"/api/profiles/{author}/follow", null)).StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await reader.PostAsJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "Hi" } })).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await reader.PostAsync($"/api/articles/{slug}/favorite", null)).StatusCode);
            }

            Assert.Equal(3 * Readers, await ScalarAsync("SELECT count(*) FROM blog_outbox_messages WHERE dispatched_at IS NULL AND type <> 'ArticlePublished'"));
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(_data, _key, new Dictionary<string, string> { ["Atrium__Messaging__PollInterval"] = "00:00:00.200" });
        using var client = second.Client(authorToken);
        await Eventually.TrueAsync(async () => await ScalarAsync("SELECT count(*) FROM blog_outbox_messages WHERE dispatched_at IS NULL") == 0
            && await ScalarAsync("SELECT count(*) FROM accounts_outbox_messages WHERE dispatched_at IS NULL") == 0, $"the outboxes to drain\n{second.Output}");
        await Eventually.TrueAsync(async () => (int)(await NotificationsAsync(client))["notificationsCount"]! >= 3 * Readers, "every notification");

        var list = await NotificationsAsync(client);
        Assert.Equal(3 * Readers, (int)list["notificationsCount"]!);
        Assert.Equal(3 * Readers, await ScalarAsync("SELECT count(*) FROM notifications_inbox_messages"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder eventually.
        }
    }

    private static async Task<string> RegisterAsync(ServerProcess server, string prefix)
    {
        var username = Api.Unique(prefix);
        var response = await server.Client().PostAsJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["user"]!["token"]!;
    }

    private static async Task<string> ProfileNameAsync(ServerProcess server, string token) =>
        (string)(await (await server.Client(token).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK))["user"]!["username"]!;

    private static async Task<string> CreateArticleAsync(ServerProcess server, string token)
    {
        var response = await server.Client(token).PostAsJsonAsync("/api/articles",
            new { article = new { title = Api.Unique("Title"), description = "d", body = "b", tagList = Array.Empty<string>() } });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["article"]!["slug"]!;
    }

    private static async Task<JsonNode> NotificationsAsync(HttpClient client) =>
        await (await client.GetAsync("/api/notifications?limit=100")).JsonAsync(HttpStatusCode.OK);

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "atrium.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
