using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Notifications.Tests;

/// <summary>Steps a client takes, and the patient wait for what arrives asynchronously.</summary>
public static class NotificationsApi
{
    /// <summary>Generous: delivery normally takes milliseconds, but a loaded CI machine must not fail it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<JsonNode> NotificationsAsync(this HttpClient client, string query = "limit=100") =>
        await (await client.GetAsync($"/api/notifications?{query}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Polls until the user has <paramref name="count"/> notifications, then returns them.</summary>
    public static async Task<JsonNode> WaitForNotificationsAsync(this HttpClient client, int count)
    {
        JsonNode? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await client.NotificationsAsync();
            return (int)last["notificationsCount"]! >= count;
        }, $"{count} notifications (last seen: {last?.ToJsonString()})");
        Assert.Equal(count, (int)last!["notificationsCount"]!);
        return last;
    }

    public static async Task FollowAsync(this TestUser follower, TestUser followee) =>
        await (await follower.Client().PostAsync($"/api/profiles/{followee.Username}/follow", null)).JsonAsync(HttpStatusCode.OK);

    public static async Task<string> CreateArticleAsync(this TestUser author)
    {
        var response = await author.Client().PostJsonAsync("/api/articles", new
        {
            article = new { title = Api.Unique("Title"), description = "A description", body = "A body", tagList = Array.Empty<string>() },
        });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["article"]!["slug"]!;
    }

    public static async Task CommentAsync(this TestUser author, string slug) =>
        await (await author.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "Nice" } }))
            .JsonAsync(HttpStatusCode.Created);

    public static async Task FavoriteAsync(this TestUser user, string slug) =>
        await (await user.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="NotificationsApi.Patience"/> runs out.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? NotificationsApi.Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
