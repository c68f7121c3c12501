using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class DeleteTodo
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(DeleteTodo))
    {
        var endpoint = group.MapDelete("/{listId}/todos/{todoId:long}", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>The todo's list is part of the WHERE clause: a todo id from another list deletes nothing (404).</summary>
    public static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        string listId, long todoId, TodoDbContext db, CurrentUser caller, TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var deleted = await db.Items.Where(i => i.Id == todoId && i.ListId == id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? new NotFoundError("todo") : TypedResults.NoContent();
    }
}
