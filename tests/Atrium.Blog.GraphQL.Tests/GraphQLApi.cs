using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>GraphQL and REST steps, written as a client would make them.</summary>
public static class GraphQLApi
{
    public const string ArticleFields = "slug title description body tagList createdAt updatedAt favorited favoritesCount author { username bio image following }";

    public static Task<HttpResponseMessage> PostGraphQLAsync(this HttpClient client, string query, object? variables = null) =>
        client.PostAsJsonAsync("/graphql", new { query, variables });

    /// <summary>A request that must succeed: its <c>data</c>, after checking there are no errors.</summary>
    public static async Task<JsonNode> DataAsync(this HttpClient client, string query, object? variables = null)
    {
        var json = await (await client.PostGraphQLAsync(query, variables)).JsonAsync(HttpStatusCode.OK);
        Assert.True(json["errors"] is null, $"Unexpected errors: {json.ToJsonString()}");
        return json["data"]!;
    }

    /// <summary>A request that must fail with one error: that error.</summary>
    public static async Task<JsonNode> ErrorAsync(this HttpClient client, string query, object? variables = null)
    {
        var json = await (await client.PostGraphQLAsync(query, variables)).JsonAsync(HttpStatusCode.OK);
        var errors = json["errors"]?.AsArray();
        Assert.True(errors is { Count: 1 }, $"Expected one error: {json.ToJsonString()}");
        return errors[0]!;
    }

    public static void AssertRefused(this JsonNode error, string code, string field, string? message = null)
    {
        Assert.Equal(code, (string?)error["extensions"]?["code"]);
        var messages = error["extensions"]?["errors"]?[field]?.AsArray();
        Assert.True(messages is { Count: > 0 }, $"Expected an error for '{field}': {error.ToJsonString()}");
        if (message is not null)
        {
            Assert.Equal(message, (string?)messages![0]);
        }
    }

    public static async Task<JsonNode> RestAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    public static async Task<string> CreateArticleAsync(this TestUser author, string? title = null, string[]? tags = null)
    {
        var response = await author.Client().PostAsJsonAsync("/api/articles", new
        {
            article = new { title = title ?? Api.Unique("Title"), description = "A description", body = "A body", tagList = tags ?? [] },
        });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["article"]!["slug"]!;
    }

    public static async Task FollowAsync(this TestUser follower, TestUser followee) =>
        await (await follower.Client().PostAsync($"/api/profiles/{followee.Username}/follow", null)).JsonAsync(HttpStatusCode.OK);

    public static async Task FavoriteAsync(this TestUser reader, string slug) =>
        await (await reader.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);

    public static async Task<long> AddCommentAsync(this TestUser author, string slug, string body = "A comment")
    {
        var response = await author.Client().PostAsJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body } });
        return (long)(await response.JsonAsync(HttpStatusCode.Created))["comment"]!["id"]!;
    }

    /// <summary>REST and GraphQL agree on every field REST returns (GraphQL may return more).</summary>
    public static void AssertMirrors(JsonNode? rest, JsonNode? graphql)
    {
        Assert.NotNull(rest);
        AssertMirrors(rest, graphql, "$");
    }

    private static void AssertMirrors(JsonNode? rest, JsonNode? graphql, string path)
    {
        switch (rest)
        {
            case JsonObject o:
                Assert.True(graphql is JsonObject, $"{path}: expected an object, got {graphql?.ToJsonString() ?? "null"}");
                foreach (var (name, value) in o)
                {
                    AssertMirrors(value, graphql![name], $"{path}.{name}");
                }

                break;
            case JsonArray a when a.All(e => e is JsonObject):
                var other = graphql?.AsArray();
                Assert.True(other?.Count == a.Count, $"{path}: {a.Count} items in REST, {other?.Count} in GraphQL");
                for (var i = 0; i < a.Count; i++)
                {
                    AssertMirrors(a[i], other![i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(rest?.ToJsonString() == graphql?.ToJsonString(),
                    $"{path}: REST {rest?.ToJsonString() ?? "null"}, GraphQL {graphql?.ToJsonString() ?? "null"}");
                break;
        }
    }
}
