using System.Net;
using Atrium.Testing;

namespace Atrium.Todo.Tests.Api;

/// <summary>Behind a trusted TLS-terminating proxy, the absolute URLs name the proxy's scheme and host.</summary>
public sealed class ForwardedUrlTests(ProxiedTodoServer server) : IClassFixture<ProxiedTodoServer>
{
    [Fact]
    public async Task Urls_follow_the_forwarded_scheme_and_host()
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "todo.example.com");
        var list = await (await client.PostAsync("/api/todo-lists", null)).JsonAsync(HttpStatusCode.Created);
        var root = (string)list["todosUrl"]!;
        Assert.StartsWith("https://todo.example.com/api/todo-lists/", root, StringComparison.Ordinal);

        var todo = await client.AddTodoAsync(new Uri(root).PathAndQuery, new { title = "behind a proxy" });
        Assert.Equal($"{root}/{(long)todo["id"]!}", (string?)todo["url"]);
    }
}
