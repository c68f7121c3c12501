using System.Text.Json.Nodes;

namespace Atrium.Todo.Tests.Api;

/// <summary>
/// The Todo-Backend spec (TodoBackend/todo-backend-js-spec, js/specs.js), its 16 tests ported to C#
/// and run against a guest list's root URL on a real socket, each request preflighted as in a browser.
/// Test names follow the spec's own descriptions.
/// </summary>
public abstract class TodoBackendSpecTests(ITodoServer server) : IAsyncLifetime
{
    private readonly TodoBackendRunner runner = new(server.CreateClient());
    private string root = "";

    public async Task InitializeAsync() => root = await TodoBackendRunner.CreateGuestListAsync(server.CreateClient());

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> CreateFreshTodoAndGetItsUrlAsync(object? body = null) =>
        (string)(await runner.PostAsync(root, body ?? new { title = "blah" }))["url"]!;

    // the pre-requisites

    [Fact]
    public async Task The_api_root_responds_to_a_GET_ie_the_server_is_up_and_accessible_CORS_headers_are_set_up()
    {
        using var response = await runner.SendAsync(HttpMethod.Get, root);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_api_root_responds_to_a_POST_with_the_todo_which_was_posted_to_it()
    {
        var todo = await runner.PostAsync(root, new { title = "a todo" });
        Assert.Equal("a todo", (string?)todo["title"]);
    }

    [Fact]
    public async Task The_api_root_responds_successfully_to_a_DELETE()
    {
        using var response = await runner.SendAsync(HttpMethod.Delete, root);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task After_a_DELETE_the_api_root_responds_to_a_GET_with_a_JSON_representation_of_an_empty_array()
    {
        await runner.PostAsync(root, new { title = "soon gone" });
        await runner.DeleteAsync(root);
        var todos = await runner.GetAsync(root);
        Assert.Equal("[]", todos.ToJsonString());
    }

    // storing new todos by posting to the root url

    [Fact]
    public async Task Adds_a_new_todo_to_the_list_of_todos_at_the_root_url()
    {
        await runner.DeleteAsync(root);
        await runner.PostAsync(root, new { title = "walk the dog" });
        var todos = (await runner.GetAsync(root)).AsArray();
        Assert.Single(todos);
        Assert.Equal("walk the dog", (string?)todos[0]!["title"]);
    }

    [Fact]
    public async Task Sets_up_a_new_todo_as_initially_not_completed()
    {
        await runner.DeleteAsync(root);
        var created = await runner.PostAsync(root, new { title = "blah" });
        Assert.False((bool)created["completed"]!);
        var listed = (await runner.GetAsync(root)).AsArray()[0]!;
        Assert.False((bool)listed["completed"]!);
    }

    [Fact]
    public async Task Each_new_todo_has_a_url()
    {
        await runner.DeleteAsync(root);
        var created = await runner.PostAsync(root, new { title = "blah" });
        Assert.Equal(System.Text.Json.JsonValueKind.String, created["url"]!.GetValueKind());
        var listed = (await runner.GetAsync(root)).AsArray()[0]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, listed["url"]!.GetValueKind());
    }

    [Fact]
    public async Task Each_new_todo_has_a_url_which_returns_a_todo()
    {
        await runner.DeleteAsync(root);
        var created = await runner.PostAsync(root, new { title = "my todo" });
        var fetched = await runner.GetAsync((string)created["url"]!);
        Assert.Equal("my todo", (string?)fetched["title"]);
    }

    // working with an existing todo

    [Fact]
    public async Task Can_navigate_from_a_list_of_todos_to_an_individual_todo_via_urls()
    {
        await runner.DeleteAsync(root);
        // The spec posts both at once (Q.all): two concurrent POSTs must both land.
        await Task.WhenAll(runner.PostAsync(root, new { title = "todo the first" }), runner.PostAsync(root, new { title = "todo the second" }));
        var todos = (await runner.GetAsync(root)).AsArray();
        Assert.Equal(2, todos.Count);
        var first = await runner.GetAsync((string)todos[0]!["url"]!);
        Assert.NotNull(first["title"]);
    }

    [Fact]
    public async Task Can_change_the_todos_title_by_PATCHing_to_the_todos_url()
    {
        await runner.DeleteAsync(root);
        var url = await CreateFreshTodoAndGetItsUrlAsync(new { title = "initial title" });
        var patched = await runner.PatchAsync(url, new { title = "bathe the cat" });
        Assert.Equal("bathe the cat", (string?)patched["title"]);
    }

    [Fact]
    public async Task Can_change_the_todos_completedness_by_PATCHing_to_the_todos_url()
    {
        await runner.DeleteAsync(root);
        var url = await CreateFreshTodoAndGetItsUrlAsync();
        var patched = await runner.PatchAsync(url, new { completed = true });
        Assert.True((bool)patched["completed"]!);
    }

    [Fact]
    public async Task Changes_to_a_todo_are_persisted_and_show_up_when_re_fetching_the_todo()
    {
        await runner.DeleteAsync(root);
        var url = await CreateFreshTodoAndGetItsUrlAsync();
        var patched = await runner.PatchAsync(url, new { title = "changed title", completed = true });

        static void Verify(JsonNode todo)
        {
            Assert.True((bool)todo["completed"]!);
            Assert.Equal("changed title", (string?)todo["title"]);
        }

        Verify(await runner.GetAsync((string)patched["url"]!));
        var list = (await runner.GetAsync(root)).AsArray();
        Assert.Single(list);
        Verify(list[0]!);
    }

    [Fact]
    public async Task Can_delete_a_todo_making_a_DELETE_request_to_the_todos_url()
    {
        await runner.DeleteAsync(root);
        var url = await CreateFreshTodoAndGetItsUrlAsync();
        await runner.DeleteAsync(url);
        Assert.Empty((await runner.GetAsync(root)).AsArray());
    }

    // tracking todo order

    [Fact]
    public async Task Can_create_a_todo_with_an_order_field()
    {
        var created = await runner.PostAsync(root, new { title = "blah", order = 523 });
        Assert.Equal(523, (int)created["order"]!);
    }

    [Fact]
    public async Task Can_PATCH_a_todo_to_change_its_order()
    {
        var url = await CreateFreshTodoAndGetItsUrlAsync(new { title = "blah", order = 10 });
        var patched = await runner.PatchAsync(url, new { order = 95 });
        Assert.Equal(95, (int)patched["order"]!);
    }

    [Fact]
    public async Task Remembers_changes_to_a_todos_order()
    {
        var url = await CreateFreshTodoAndGetItsUrlAsync(new { title = "blah", order = 10 });
        var patched = await runner.PatchAsync(url, new { order = 95 });
        var refetched = await runner.GetAsync((string)patched["url"]!);
        Assert.Equal(95, (int)refetched["order"]!);
    }
}

public sealed class TodoBackendSpecTests_Sqlite(TodoSqliteServer server) : TodoBackendSpecTests(server), IClassFixture<TodoSqliteServer>;

public sealed class TodoBackendSpecTests_Postgres(TodoPostgresServer server) : TodoBackendSpecTests(server), IClassFixture<TodoPostgresServer>;
