using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Atrium.Testing;

namespace Atrium.Todo.Tests.Page;

/// <summary>The page over HTTP: its server-rendered first paint, its same-origin API and the guest-list claim.</summary>
public sealed partial class TodoPageTests(TodoSqliteServer server) : IClassFixture<TodoSqliteServer>
{
    [Fact]
    public async Task The_page_renders_the_TodoMVC_skeleton_under_its_own_content_security_policy()
    {
        var response = await server.CreateClient().GetAsync("/todo/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<input class=\"new-todo\"", html, StringComparison.Ordinal);
        Assert.Contains("autofocus", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"main\" hidden>", html, StringComparison.Ordinal);
        Assert.Contains("<footer class=\"footer\" hidden>", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.NotEmpty(Token(html));

        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/todo/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/todo/app.css")).StatusCode);
    }

    [Fact]
    public async Task The_page_api_refuses_unsafe_requests_without_the_antiforgery_token()
    {
        await (await server.CreateClient().PostAsJsonAsync("/todo/api/lists", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "antiforgery");
    }

    [Fact]
    public async Task A_guest_list_is_remembered_in_an_HttpOnly_cookie_and_rendered_on_the_first_paint()
    {
        var client = server.CreateClient();
        var token = Token(await client.GetStringAsync("/todo/"));
        var created = await Send(client, HttpMethod.Post, "/todo/api/lists", token, new { });
        var list = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Contains(created.Headers.GetValues("Set-Cookie"), c => c.StartsWith("atrium_todo_guest=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith($"{server.Address.GetLeftPart(UriPartial.Authority)}/todo/api/lists/", (string)list["todosUrl"]!, StringComparison.Ordinal);
        await (await Send(client, HttpMethod.Post, new Uri((string)list["todosUrl"]!).AbsolutePath, token, new { title = "<b>bold</b>" }))
            .JsonAsync(HttpStatusCode.Created);

        var html = await client.GetStringAsync("/todo/");
        Assert.Contains("<label>&lt;b&gt;bold&lt;/b&gt;</label>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"todo-count\"><strong>1</strong> item left</span>", html, StringComparison.Ordinal);
        Assert.Contains($"data-list-id=\"{(string)list["id"]!}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_up_from_the_page_claims_the_guest_list()
    {
        var client = server.CreateClient();
        var token = Token(await client.GetStringAsync("/todo/"));
        var guest = await (await Send(client, HttpMethod.Post, "/todo/api/lists", token, new { })).JsonAsync(HttpStatusCode.Created);
        await (await Send(client, HttpMethod.Post, new Uri((string)guest["todosUrl"]!).AbsolutePath, token, new { title = "claimed" }))
            .JsonAsync(HttpStatusCode.Created);

        var username = Atrium.Testing.Api.Unique("claimer");
        await (await Send(client, HttpMethod.Post, "/session/sign-up", token, new { username, email = $"{username}@example.com", password = "password123" }))
            .JsonAsync(HttpStatusCode.Created);

        var lists = (await (await client.GetAsync("/todo/api/lists")).JsonAsync(HttpStatusCode.OK))["lists"]!.AsArray();
        var owned = Assert.Single(lists)!;
        Assert.False((bool)owned["guest"]!);
        Assert.Equal(1, (int)owned["todoCount"]!);
        var html = await client.GetStringAsync("/todo/");
        Assert.Contains("<label>claimed</label>", html, StringComparison.Ordinal);
        Assert.Contains($">{username}</strong>", html, StringComparison.Ordinal);
        // The capability no longer opens the list, on either route.
        Assert.Equal(HttpStatusCode.NotFound, (await server.CreateClient().GetAsync($"/api/todo-lists/{(string)guest["id"]!}/todos")).StatusCode);
    }

    private static string Token(string html) => CsrfMeta().Match(html).Groups[1].Value;

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string token, object body)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", token);
        return client.SendAsync(request);
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\">")]
    private static partial Regex CsrfMeta();
}
