using Atrium.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atrium.Todo.Tests.Realtime;

/// <summary>
/// <c>/hubs/todo-lists</c> through a real socket: joining is authorised as the API is (owner by
/// token, guest list by capability id), and every write through the API reaches every joined client.
/// </summary>
public abstract class TodoListHubTests<TServer>(TServer server) where TServer : ITodoServer
{
    [Fact]
    public async Task Whoever_holds_a_guest_lists_capability_hears_every_change_to_it()
    {
        var client = server.CreateClient();
        var list = await client.CreateListAsync();
        var other = await client.CreateListAsync();
        var todosUrl = (string)list["todosUrl"]!;
        await using var tab = await HubClients.ConnectAsync(server.Address, "todo-lists");
        await using var otherTab = await HubClients.ConnectAsync(server.Address, "todo-lists");
        var heard = tab.Listen0("listChanged");
        var otherHeard = otherTab.Listen0("listChanged");
        await tab.InvokeAsync("Join", (string)list["id"]!);
        await otherTab.InvokeAsync("Join", (string)other["id"]!);

        var todo = await client.AddTodoAsync(todosUrl, new { title = "milk" });
        await heard.NextAsync("a change after the POST");
        await client.PatchJsonAsync((string)todo["url"]!, """{"completed":true}""");
        await heard.NextAsync("a change after the PATCH");
        await client.DeleteAsync((string)todo["url"]!);
        await heard.NextAsync("a change after the DELETE");

        // A refused write changed nothing, so it tells nobody: the next event is the next real change's.
        // (Handlers run in order but apart from the receive loop, so an extra event may still be on its way
        // here: this can miss a stray event, never fail a correct server.)
        await client.PostJsonAsync(todosUrl, new { title = "" });
        await client.AddTodoAsync(todosUrl, new { title = "bread" });
        await heard.NextAsync("a change after the second POST");
        await otherTab.InvokeAsync("Leave", (string)other["id"]!);
        Assert.Equal(0, heard.Count);
        Assert.Equal(0, otherHeard.Count);
    }

    [Fact]
    public async Task Joining_a_list_needs_the_same_right_as_the_API()
    {
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));
        var strangerToken = await TodoClients.RegisterAsync(server.CreateClient());
        var ownerToken = owner.DefaultRequestHeaders.Authorization!.Parameter!;
        var owned = (string)(await owner.CreateListAsync())["id"]!;

        await using var anonymous = await HubClients.ConnectAsync(server.Address, "todo-lists");
        await using var stranger = await HubClients.ConnectAsync(server.Address, "todo-lists", strangerToken);
        await using var byOwner = await HubClients.ConnectAsync(server.Address, "todo-lists", ownerToken);
        Assert.Contains("list not found", (await Assert.ThrowsAsync<HubException>(() => anonymous.InvokeAsync("Join", owned))).Message);
        Assert.Contains("list not found", (await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Join", owned))).Message);
        Assert.Contains("list not found", (await Assert.ThrowsAsync<HubException>(
            () => anonymous.InvokeAsync("Join", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).Message);
        var heard = byOwner.Listen0("listChanged");
        await byOwner.InvokeAsync("Join", owned);

        await owner.AddTodoAsync((string)(await owner.CreateListAsync())["todosUrl"]!, new { title = "elsewhere" });
        await owner.AddTodoAsync($"/api/todo-lists/{owned}/todos", new { title = "here" });
        await heard.NextAsync("the owner's change");
        Assert.Equal(0, heard.Count);
    }
}

public sealed class TodoListHubTests_Sqlite(TodoSqliteServer server)
    : TodoListHubTests<TodoSqliteServer>(server), IClassFixture<TodoSqliteServer>;

public sealed class TodoListHubTests_Postgres(TodoPostgresServer server)
    : TodoListHubTests<TodoPostgresServer>(server), IClassFixture<TodoPostgresServer>;
