using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Atrium.Todo.Tests;

/// <summary>
/// Speaks to a Todo-Backend root the way the browser runner at todobackend.com does: from another
/// origin, with <c>Content-Type: application/json</c> on every request (GET and DELETE included), so
/// the browser sends a CORS preflight first, which must allow the method and the header.
/// </summary>
public sealed class TodoBackendRunner(HttpClient http)
{
    public const string RunnerOrigin = "https://www.todobackend.com";

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", RunnerOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", method.Method);
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await http.SendAsync(preflight);
        Assert.True(allowed.IsSuccessStatusCode, $"Preflight of {method} {url} answered {(int)allowed.StatusCode}");
        Assert.Equal("*", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains(method.Method, Header(allowed, "Access-Control-Allow-Methods"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content-type", Header(allowed, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);

        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(body is null ? "" : JsonSerializer.Serialize(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Origin", RunnerOrigin);
        var response = await http.SendAsync(request);
        // Without this header the browser hides the answer from the runner's script.
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        return response;
    }

    public async Task<JsonNode> JsonAsync(HttpMethod method, string url, object? body = null)
    {
        using var response = await SendAsync(method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public Task<JsonNode> GetAsync(string url) => JsonAsync(HttpMethod.Get, url);

    public Task<JsonNode> PostAsync(string url, object body) => JsonAsync(HttpMethod.Post, url, body);

    public Task<JsonNode> PatchAsync(string url, object body) => JsonAsync(HttpMethod.Patch, url, body);

    public async Task DeleteAsync(string url)
    {
        using var response = await SendAsync(HttpMethod.Delete, url);
        Assert.True(response.IsSuccessStatusCode, $"DELETE {url} answered {(int)response.StatusCode}");
    }

    /// <summary>A fresh guest list, created the way the README's curl does; returns its Todo-Backend root URL.</summary>
    public static async Task<string> CreateGuestListAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/api/todo-lists", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a guest list answered {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["todosUrl"]!;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
