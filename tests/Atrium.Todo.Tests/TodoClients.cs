using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Todo.Tests;

/// <summary>Steps API clients take against the todo endpoints.</summary>
public static class TodoClients
{
    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    /// <summary>Registers a user through the RealWorld API and returns its access token.</summary>
    public static async Task<string> RegisterAsync(HttpClient client, string prefix = "todo")
    {
        var username = Atrium.Testing.Api.Unique(prefix);
        var response = await client.PostAsJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        return (string)(await response.JsonAsync(HttpStatusCode.Created))["user"]!["token"]!;
    }

    public static async Task<JsonNode> CreateListAsync(this HttpClient client, object? body = null)
    {
        var response = body is null ? await client.PostAsync("/api/todo-lists", null) : await client.PostAsJsonAsync("/api/todo-lists", body);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> AddTodoAsync(this HttpClient client, string todosUrl, object body) =>
        await (await client.PostAsJsonAsync(todosUrl, body)).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonArray> TodosAsync(this HttpClient client, string todosUrl) =>
        (await (await client.GetAsync(todosUrl)).JsonAsync(HttpStatusCode.OK)).AsArray();

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string rawJson) =>
        client.SendRawAsync(HttpMethod.Patch, url, rawJson);
}
