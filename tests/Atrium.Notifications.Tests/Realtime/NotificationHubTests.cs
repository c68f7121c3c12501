using System.Net;
using System.Text.Json.Nodes;
using Atrium.Platform.Realtime;
using Atrium.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atrium.Notifications.Tests.Realtime;

/// <summary><c>/hubs/notifications</c> and <c>/hubs/comments</c> through a real socket, with the embedded bus.</summary>
public abstract class NotificationHubTests<TApp>(TApp app) where TApp : AtriumApp, ISocketApp
{
    [Fact]
    public async Task A_follow_is_pushed_to_the_followee_as_the_REST_list_shows_it_and_to_nobody_else()
    {
        var celeb = await app.RegisterAsync("celeb");
        var fan = await app.RegisterAsync("fan");
        await using var celebHub = await HubClients.ConnectAsync(app.Address, "notifications", celeb.Token);
        await using var celebOtherTab = await HubClients.ConnectAsync(app.Address, "notifications", celeb.Token);
        await using var fanHub = await HubClients.ConnectAsync(app.Address, "notifications", fan.Token);
        var toCeleb = celebHub.Listen("notification");
        var toCelebOtherTab = celebOtherTab.Listen("notification");
        var toFan = fanHub.Listen("notification");

        await fan.FollowAsync(celeb);

        var pushed = await toCeleb.NextAsync("follow notification");
        await toCelebOtherTab.NextAsync("follow notification in the second connection");
        var listed = (await celeb.Client().NotificationsAsync())["notifications"]![0]!;
        Assert.True(JsonNode.DeepEquals(listed, JsonNode.Parse(pushed.GetRawText())), $"pushed {pushed} but listed {listed}");
        Assert.Equal("follow", pushed.GetProperty("type").GetString());
        Assert.Equal(fan.Username, pushed.GetProperty("actor").GetProperty("username").GetString());
        // The recipient's own connections heard it; the actor's did not (checked after the push arrived).
        Assert.Equal(0, toFan.Count);
    }

    [Fact]
    public async Task Comments_and_favorites_by_others_are_pushed_to_the_author()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await using var hub = await HubClients.ConnectAsync(app.Address, "notifications", author.Token);
        var heard = hub.Listen("notification");

        await reader.CommentAsync(slug);
        await reader.FavoriteAsync(slug);

        var types = new[] { await heard.NextAsync("first notification"), await heard.NextAsync("second notification") }
            .Select(n => n.GetProperty("type").GetString()!).Order().ToArray();
        Assert.Equal(new[] { "comment", "favorite" }, types);
    }

    [Fact]
    public async Task An_articles_comment_stream_is_public_and_carries_each_new_comment()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        var other = await author.CreateArticleAsync();
        await using var anonymous = await HubClients.ConnectAsync(app.Address, "comments");
        var stream = anonymous.Listen("commentAdded");
        await anonymous.InvokeAsync("Watch", slug);

        await reader.CommentAsync(other);
        await author.CommentAsync(slug);

        var comment = await stream.NextAsync("streamed comment");
        var listed = await (await app.CreateClient().GetAsync($"/api/articles/{slug}/comments")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((long)listed["comments"]![0]!["id"]!, comment.GetProperty("commentId").GetInt64());
        Assert.Equal(slug, comment.GetProperty("articleSlug").GetString());
        Assert.Equal(author.Username, comment.GetProperty("author").GetProperty("username").GetString());
    }

    [Fact]
    public async Task One_connection_may_watch_a_bounded_number_of_streams()
    {
        await using var connection = await HubClients.ConnectAsync(app.Address, "comments");
        for (var i = 0; i < RealtimeSetup.MaxJoinsPerConnection; i++)
        {
            await connection.InvokeAsync("Watch", $"article-{i}");
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Watch", "one-more"));
        Assert.Contains("too many joins", refused.Message);
        await using var fresh = await HubClients.ConnectAsync(app.Address, "comments");
        await fresh.InvokeAsync("Watch", "one-more");
    }

    [Fact]
    public async Task Unauthenticated_or_invalid_tokens_are_refused_at_negotiate_with_401()
    {
        var user = await app.RegisterAsync("user");
        await using var anonymous = HubClients.Connection(app.Address, "notifications");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var forged = HubClients.Connection(app.Address, "notifications", user.Token[..^4] + "AAAA");
        refused = await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // Browsers cannot set headers on a WebSocket: the hubs, and only they, read access_token from the query string.
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsync($"/hubs/notifications/negotiate?negotiateVersion=1&access_token={user.Token}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1&access_token=nonsense", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/user?access_token={user.Token}")).StatusCode);
    }
}

public sealed class NotificationHubTests_Sqlite(SocketSqliteApp app)
    : NotificationHubTests<SocketSqliteApp>(app), IClassFixture<SocketSqliteApp>;

public sealed class NotificationHubTests_Postgres(SocketPostgresApp app)
    : NotificationHubTests<SocketPostgresApp>(app), IClassFixture<SocketPostgresApp>;
