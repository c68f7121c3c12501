using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class ClearTodos
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(ClearTodos))
    {
        var endpoint = group.MapDelete("/{listId}/todos", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>Empties the list (the list itself stays); <c>completed=true</c> clears only the completed todos.</summary>
    public static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        string listId, bool? completed, TodoDbContext db, CurrentUser caller, TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var todos = db.Items.Where(i => i.ListId == id);
        await (completed == true ? todos.Where(i => i.Completed) : todos).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }
}
