using System.Net;

namespace Atrium.Todo.Tests.Api;

/// <summary>Which routes answer other origins: the list API openly (no credentials), the page's routes never.</summary>
public sealed class CorsTests(TodoSqliteServer server) : IClassFixture<TodoSqliteServer>
{
    [Theory]
    [InlineData("POST", "/api/todo-lists")]
    [InlineData("GET", "/api/todo-lists/some-list/todos")]
    [InlineData("DELETE", "/api/todo-lists/some-list/todos")]
    [InlineData("PATCH", "/api/todo-lists/some-list/todos/1")]
    [InlineData("GET", "/api/todo-lists/some-list/todos/1")]
    public async Task The_list_api_answers_preflights_from_any_origin_without_credentials(string method, string path)
    {
        var response = await Preflight(path, method, "content-type, authorization");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_public_page_may_call_a_list_on_a_local_address()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/todo-lists/some-list/todos");
        request.Headers.Add("Origin", "https://www.todobackend.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        request.Headers.Add("Access-Control-Request-Private-Network", "true");
        var response = await server.CreateClient().SendAsync(request);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Private-Network"));
    }

    [Theory]
    [InlineData("/todo/api/lists")]
    [InlineData("/session/sign-in")]
    public async Task The_page_routes_answer_no_other_origin(string path)
    {
        var response = await Preflight(path, "POST", "content-type, x-csrf-token");
        Assert.Equal("", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_blog_api_keeps_its_own_policy()
    {
        // Outside Development with no configured origins, the blog's /api policy allows none.
        var response = await Preflight("/api/articles", "POST", "content-type");
        Assert.Equal("", Header(response, "Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> Preflight(string path, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://elsewhere.example");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await server.CreateClient().SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
