using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class GetTodo
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(GetTodo))
    {
        var endpoint = group.MapGet("/{listId}/todos/{todoId:long}", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    public static async Task<Results<Ok<TodoResponse>, NotFoundError>> HandleAsync(
        string listId, long todoId, HttpContext context, TodoDbContext db, CurrentUser caller,
        TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var todo = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == todoId && i.ListId == id, ct);
        return todo is null
            ? new NotFoundError("todo")
            : TypedResults.Ok(TodoResponse.From(context.Request, TodoResponse.Root(context.Request, item: true), todo));
    }
}
