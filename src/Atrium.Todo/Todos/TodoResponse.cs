namespace Atrium.Todo.Todos;

/// <summary>
/// A todo as the Todo-Backend spec shows it: <c>title</c>, <c>completed</c>, <c>order</c> and its
/// own absolute <c>url</c> (scheme, host and port of the request, forwarded ones behind a trusted proxy).
/// </summary>
public sealed record TodoResponse(long Id, string Title, bool Completed, int? Order, string Url, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The list root the request addressed, from its own path: the API's and the page's routes each get their own URLs.</summary>
    public static string Root(HttpRequest request, bool item)
    {
        var path = request.Path.Value!.TrimEnd('/');
        return item ? path[..path.LastIndexOf('/')] : path;
    }

    public static TodoResponse From(HttpRequest request, string root, TodoItem todo) =>
        new(todo.Id, todo.Title, todo.Completed, todo.Order,
            $"{request.Scheme}://{request.Host}{request.PathBase}{root}/{todo.Id}", todo.CreatedAt, todo.UpdatedAt);
}

public sealed record CreateTodoRequest(string? Title, int? Order, bool? Completed);

internal static class TodoRules
{
    public static string? CheckTitle(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "can't be blank"
        : title.Trim().Length > TodoItem.MaxTitleLength ? $"is too long (maximum is {TodoItem.MaxTitleLength} characters)"
        : title.Contains('\0', StringComparison.Ordinal) ? "is invalid"
        : null;
}
