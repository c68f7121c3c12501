using System.Net;
using System.Net.Http.Json;
using Atrium.Testing;

namespace Atrium.Todo.Tests.Api;

/// <summary>A list holds at most <c>Atrium:Todo:MaxTodosPerList</c> todos, even when adds race.</summary>
public abstract class TodoListLimitTests(ITodoServer server)
{
    [Fact]
    public async Task Concurrent_adds_to_a_nearly_full_list_stop_exactly_at_the_limit()
    {
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient(), "filler"));
        var root = (string)(await owner.CreateListAsync())["todosUrl"]!;
        await owner.AddTodoAsync(root, new { title = "first" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => owner.PostAsJsonAsync(root, new { title = $"racer {i}" })));

        Assert.Equal(SmallListsSqliteServer.MaxTodos - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "list");
        }

        var todos = (await (await owner.GetAsync(root)).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(SmallListsSqliteServer.MaxTodos, todos.Count);
    }
}

public sealed class TodoListLimitTests_Sqlite(SmallListsSqliteServer server) : TodoListLimitTests(server), IClassFixture<SmallListsSqliteServer>;

public sealed class TodoListLimitTests_Postgres(SmallListsPostgresServer server) : TodoListLimitTests(server), IClassFixture<SmallListsPostgresServer>;
