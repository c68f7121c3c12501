using System.Net;
using System.Net.Http.Json;
using Atrium.Testing;

namespace Atrium.Todo.Tests.Api;

/// <summary>Lists: guest lists by capability URL, owned lists by token, and who may see what.</summary>
public abstract class TodoListsTests(ITodoServer server)
{
    [Fact]
    public async Task Posting_without_credentials_creates_a_guest_list_with_an_absolute_capability_url()
    {
        var response = await server.CreateClient().PostAsync("/api/todo-lists", null);
        var list = await response.JsonAsync(HttpStatusCode.Created);
        var id = (string)list["id"]!;
        Assert.True((bool)list["guest"]!);
        // 256 random bits, base64url: 43 characters that need no escaping in a URL.
        Assert.Matches("^[A-Za-z0-9_-]{43}$", id);
        Assert.Equal($"{server.Address.GetLeftPart(UriPartial.Authority)}/api/todo-lists/{id}/todos", (string)list["todosUrl"]!);
        Assert.Equal((string)list["todosUrl"]!, response.Headers.Location!.ToString());
        Assert.NotEqual(id, (string)(await server.CreateClient().CreateListAsync())["id"]!);
    }

    [Fact]
    public async Task Posting_with_a_token_creates_a_list_its_owner_sees()
    {
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));
        var list = await owner.CreateListAsync(new { title = "  Groceries  " });
        Assert.False((bool)list["guest"]!);
        Assert.Equal("Groceries", (string?)list["title"]);
        await owner.AddTodoAsync((string)list["todosUrl"]!, new { title = "milk" });

        var mine = (await (await owner.GetAsync("/api/todo-lists")).JsonAsync(HttpStatusCode.OK))["lists"]!.AsArray();
        var listed = Assert.Single(mine);
        Assert.Equal((string?)list["id"], (string?)listed!["id"]);
        Assert.Equal(1, (int)listed["todoCount"]!);
        Assert.Equal(1, (int)listed["activeCount"]!);
    }

    [Fact]
    public async Task Another_user_or_a_visitor_gets_404_on_a_list_and_its_todos()
    {
        var alice = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient(), "alice"));
        var bob = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient(), "bob"));
        var list = await alice.CreateListAsync();
        var root = (string)list["todosUrl"]!;
        var todo = (string)(await alice.AddTodoAsync(root, new { title = "secret" }))["url"]!;
        var listUrl = $"/api/todo-lists/{(string)list["id"]!}";

        foreach (var stranger in new[] { bob, server.CreateClient() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(root)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(root, new { title = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(root)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(todo)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchJsonAsync(todo, """{"title":"mine"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(todo)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchJsonAsync(listUrl, """{"title":"mine"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(listUrl)).StatusCode);
        }

        Assert.Empty((await (await bob.GetAsync("/api/todo-lists")).JsonAsync(HttpStatusCode.OK))["lists"]!.AsArray());
        var kept = Assert.Single(await alice.TodosAsync(root));
        Assert.Equal("secret", (string?)kept!["title"]);
    }

    [Fact]
    public async Task A_todo_of_another_list_is_404_through_this_list()
    {
        var client = server.CreateClient();
        var first = (string)(await client.CreateListAsync())["todosUrl"]!;
        var second = (string)(await client.CreateListAsync())["todosUrl"]!;
        var id = (long)(await client.AddTodoAsync(first, new { title = "first's" }))["id"]!;

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{second}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{second}/{id}")).StatusCode);
        Assert.Single(await client.TodosAsync(first));
    }

    [Fact]
    public async Task Unknown_lists_are_404_in_the_error_shape()
    {
        var client = server.CreateClient();
        await (await client.GetAsync("/api/todo-lists/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/todos")).AssertErrorAsync(HttpStatusCode.NotFound, "list");
        await (await client.GetAsync($"/api/todo-lists/{Guid.NewGuid()}/todos")).AssertErrorAsync(HttpStatusCode.NotFound, "list");
        await (await client.GetAsync($"/api/todo-lists/{new string('a', 500)}/todos")).AssertErrorAsync(HttpStatusCode.NotFound, "list");
    }

    [Fact]
    public async Task Listing_ones_lists_needs_a_token()
    {
        await (await server.CreateClient().GetAsync("/api/todo-lists")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token");
    }

    [Fact]
    public async Task Claiming_a_guest_list_moves_it_into_the_account_and_retires_its_capability_url()
    {
        var visitor = server.CreateClient();
        var guest = await visitor.CreateListAsync();
        var guestRoot = (string)guest["todosUrl"]!;
        await visitor.AddTodoAsync(guestRoot, new { title = "keep me" });
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));

        var claimed = await (await owner.PostAsync($"/api/todo-lists/{(string)guest["id"]!}/claim", null)).JsonAsync(HttpStatusCode.OK);
        Assert.False((bool)claimed["guest"]!);
        Assert.Equal(1, (int)claimed["todoCount"]!);
        Assert.Equal("keep me", (string?)Assert.Single(await owner.TodosAsync((string)claimed["todosUrl"]!))!["title"]);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(guestRoot)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/todo-lists/{(string)guest["id"]!}/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent()
    {
        var client = server.CreateClient();
        var root = (string)(await client.CreateListAsync())["todosUrl"]!;
        var url = (string)(await client.AddTodoAsync(root, new { title = "original", order = 7 }))["url"]!;

        var completed = await (await client.PatchJsonAsync(url, """{"completed":true}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("original", (string?)completed["title"]);
        Assert.Equal(7, (int)completed["order"]!);

        var renamed = await (await client.PatchJsonAsync(url, """{"title":"  renamed  ","url":"ignored","id":1}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("renamed", (string?)renamed["title"]);
        Assert.True((bool)renamed["completed"]!);
        Assert.Equal(7, (int)renamed["order"]!);

        var unordered = await (await client.PatchJsonAsync(url, """{"order":null}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(unordered["order"]);
        Assert.Equal("renamed", (string?)unordered["title"]);
        Assert.Equal(url, (string?)unordered["url"]);
    }

    [Fact]
    public async Task Bad_input_is_refused_in_the_error_shape_never_with_a_500()
    {
        var client = server.CreateClient();
        var root = (string)(await client.CreateListAsync())["todosUrl"]!;
        var url = (string)(await client.AddTodoAsync(root, new { title = "fine" }))["url"]!;

        await (await client.PostAsJsonAsync(root, new { title = "   " })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title", "can't be blank");
        await (await client.PostAsJsonAsync(root, new { order = 1 })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        await (await client.PostAsJsonAsync(root, new { title = new string('x', 1001) })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        await (await client.PostAsJsonAsync(root, new { title = "nul\0" })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, root, """{"title":"x","order":"first"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, root, """{"title":""")).StatusCode);
        await (await client.PatchJsonAsync(url, """{"title":""}""")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        await (await client.PatchJsonAsync(url, """{"title":null}""")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        await (await client.PatchJsonAsync(url, """{"completed":"yes"}""")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "completed");
        await (await client.PatchJsonAsync(url, """{"order":1.5}""")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "order");
        await (await client.PatchJsonAsync(url, """[1]""")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "todo");
        // A lone surrogate escape or invalid UTF-8 inside a string: not valid JSON text, as POST already says.
        await (await client.PatchJsonAsync(url, """{"title":"\ud800"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "body", "is not valid JSON for this request");
        using var invalidUtf8 = new ByteArrayContent([.. "{\"title\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        invalidUtf8.Headers.ContentType = new("application/json");
        await (await client.PatchAsync(url, invalidUtf8)).AssertErrorAsync(HttpStatusCode.BadRequest, "body", "is not valid JSON for this request");
        await (await client.PostAsJsonAsync("/api/todo-lists", new { title = new string('x', 101) })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");

        var unchanged = Assert.Single(await client.TodosAsync(root));
        Assert.Equal("fine", (string?)unchanged!["title"]);
    }

    [Fact]
    public async Task Adding_to_a_list_while_it_is_deleted_is_201_or_404_never_a_500()
    {
        // The list can go between the access check and the insert; the insert then broke its foreign key (a 500).
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));
        for (var round = 0; round < 10; round++)
        {
            var list = await owner.CreateListAsync();
            var root = (string)list["todosUrl"]!;
            var adds = Enumerable.Range(0, 8).Select(i => owner.PostAsJsonAsync(root, new { title = $"t{i}" })).ToList();
            var delete = owner.DeleteAsync($"/api/todo-lists/{(string)list["id"]!}");
            var statuses = (await Task.WhenAll(adds)).Select(r => r.StatusCode).ToList();
            Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
            Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.NotFound }));
        }
    }

    [Fact]
    public async Task Patching_a_todo_while_it_or_its_list_is_deleted_is_200_or_404_never_a_500()
    {
        // The row can go between the load and the save: EF's concurrency exception was a 500.
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));
        for (var round = 0; round < 10; round++)
        {
            var list = await owner.CreateListAsync();
            var url = (string)(await owner.AddTodoAsync((string)list["todosUrl"]!, new { title = "x" }))["url"]!;
            var patches = Enumerable.Range(0, 7).Select(_ => owner.PatchJsonAsync(url, """{"title":"y","completed":true}""")).ToList();
            var delete = round % 2 == 0 ? owner.DeleteAsync(url) : owner.DeleteAsync($"/api/todo-lists/{(string)list["id"]!}");
            var statuses = (await Task.WhenAll(patches)).Select(r => r.StatusCode).ToList();
            Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
            Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }));
        }
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413()
    {
        var client = server.CreateClient();
        var root = (string)(await client.CreateListAsync())["todosUrl"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, root)
        {
            Content = new StringContent($$"""{"title":"{{new string('x', 2_000_000)}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        // Wait for the server's verdict before sending: over a real socket, a refused upload may
        // otherwise end in a connection reset while the client is still writing.
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Deleting_the_root_clears_only_that_list_and_completed_true_only_the_completed()
    {
        var client = server.CreateClient();
        var first = (string)(await client.CreateListAsync())["todosUrl"]!;
        var second = (string)(await client.CreateListAsync())["todosUrl"]!;
        await client.AddTodoAsync(first, new { title = "active" });
        await client.AddTodoAsync(first, new { title = "done", completed = true });
        await client.AddTodoAsync(second, new { title = "other list" });

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{first}?completed=true")).StatusCode);
        Assert.Equal("active", (string?)Assert.Single(await client.TodosAsync(first))!["title"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(first)).StatusCode);
        Assert.Empty(await client.TodosAsync(first));
        Assert.Single(await client.TodosAsync(second));
    }

    [Fact]
    public async Task Renaming_and_deleting_a_list()
    {
        var owner = server.CreateClient().WithToken(await TodoClients.RegisterAsync(server.CreateClient()));
        var list = await owner.CreateListAsync();
        var url = $"/api/todo-lists/{(string)list["id"]!}";
        await owner.AddTodoAsync((string)list["todosUrl"]!, new { title = "goes with the list" });

        var renamed = await (await owner.PatchJsonAsync(url, """{"title":"Work"}""")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Work", (string?)renamed["title"]);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync((string)list["todosUrl"]!)).StatusCode);
    }
}

public sealed class TodoListsTests_Sqlite(TodoSqliteServer server) : TodoListsTests(server), IClassFixture<TodoSqliteServer>;

public sealed class TodoListsTests_Postgres(TodoPostgresServer server) : TodoListsTests(server), IClassFixture<TodoPostgresServer>;
