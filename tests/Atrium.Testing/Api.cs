using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Atrium.Testing;

/// <summary>Small helpers that speak the API the way a client does: JSON in, JSON out.</summary>
public static class Api
{
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {Printable(response, body)}");
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    // A failure message carries the body only when it is text: an image's bytes in the test log make
    // the log "binary" to grep and hide every line after them.
    private static string Printable(HttpResponseMessage response, string body) =>
        body.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            ? $"<{body.Length} chars of {response.Content.Headers.ContentType?.MediaType ?? "unknown type"}>"
            : body;

    public static async Task AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode expected, string field, string? message = null)
    {
        var json = await response.JsonAsync(expected);
        var messages = json["errors"]?[field]?.AsArray();
        Assert.True(messages is { Count: > 0 }, $"Expected an error for '{field}' but got {json.ToJsonString()}");
        if (message is not null)
        {
            Assert.Equal(message, (string?)messages![0]);
        }
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string rawJson) =>
        client.SendAsync(new HttpRequestMessage(method, url)
        {
            Content = new StringContent(rawJson, System.Text.Encoding.UTF8, "application/json"),
        });

    /// <summary>Registers a fresh user and returns its token and username.</summary>
    public static async Task<TestUser> RegisterAsync(this AtriumApp app, string prefix = "user")
    {
        var username = Unique(prefix);
        var response = await app.CreateClient().PostJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        var json = await response.JsonAsync(HttpStatusCode.Created);
        return new TestUser(username, $"{username}@example.com", (string)json["user"]!["token"]!, app);
    }
}

public sealed record TestUser(string Username, string Email, string Token, AtriumApp App)
{
    public HttpClient Client() => App.ClientWithToken(Token);
}
