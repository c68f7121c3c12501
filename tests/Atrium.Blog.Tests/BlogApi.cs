using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Blog.Tests;

/// <summary>Blog-specific steps, written as a client would make them.</summary>
public static class BlogApi
{
    public static async Task<string> CreateArticleAsync(this TestUser author, string? title = null, string[]? tags = null)
    {
        var response = await author.Client().PostJsonAsync("/api/articles", new
        {
            article = new { title = title ?? Api.Unique("Title"), description = "A description", body = "A body", tagList = tags ?? [] },
        });
        var json = await response.JsonAsync(HttpStatusCode.Created);
        return (string)json["article"]!["slug"]!;
    }

    public static async Task<JsonNode> GetArticleAsync(this HttpClient client, string slug) =>
        (await (await client.GetAsync($"/api/articles/{slug}")).JsonAsync(HttpStatusCode.OK))["article"]!;

    public static async Task<long> AddCommentAsync(this TestUser author, string slug, string body = "A comment")
    {
        var json = await (await author.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body } }))
            .JsonAsync(HttpStatusCode.Created);
        return (long)json["comment"]!["id"]!;
    }

    public static async Task FollowAsync(this TestUser follower, TestUser followee) =>
        await (await follower.Client().PostAsync($"/api/profiles/{followee.Username}/follow", null)).JsonAsync(HttpStatusCode.OK);

    public static string[] Slugs(this JsonNode list) =>
        [.. list["articles"]!.AsArray().Select(a => (string)a!["slug"]!)];
}
