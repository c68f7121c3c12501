namespace Atrium.Todo.Lists;

/// <summary>
/// A list as its owner (or a guest holding its id) sees it. <c>todosUrl</c> is the list's absolute
/// Todo-Backend root URL; for a guest list it is the capability itself: whoever has it may use the list.
/// </summary>
public sealed record TodoListResponse(string Id, string Title, bool Guest, string TodosUrl, int TodoCount, int ActiveCount, DateTime CreatedAt);

public sealed record TodoListsEnvelope(IReadOnlyList<TodoListResponse> Lists);

public sealed record CreateTodoListRequest(string? Title);

public sealed record RenameTodoListRequest(string? Title);

internal static class ListRules
{
    public const string DefaultTitle = "Todos";

    public static string? CheckTitle(string? title) =>
        title is null ? null
        : string.IsNullOrWhiteSpace(title) ? "can't be blank"
        : title.Trim().Length > TodoList.MaxTitleLength ? $"is too long (maximum is {TodoList.MaxTitleLength} characters)"
        : title.Contains('\0', StringComparison.Ordinal) ? "is invalid"
        : null;

    /// <summary>The absolute URL of the collection <paramref name="request"/> addressed (its own scheme, host and path base).</summary>
    public static string Absolute(HttpRequest request, string path) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{path}";

    /// <summary>The lists collection the request went through (<c>/api/todo-lists</c> or the page's own).</summary>
    public static string ListsRoot(HttpRequest request, string? listId)
    {
        var path = request.Path.Value!.TrimEnd('/');
        return listId is null ? path : path[..path.LastIndexOf("/" + listId, StringComparison.Ordinal)];
    }

    public static TodoListResponse Describe(HttpRequest request, string listsRoot, string id, TodoList list, int count, int active) =>
        new(id, list.Title, list.OwnerId is null, Absolute(request, $"{listsRoot}/{Uri.EscapeDataString(id)}/todos"), count, active, list.CreatedAt);
}
