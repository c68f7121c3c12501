using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class ListTodos
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(ListTodos))
    {
        var endpoint = group.MapGet("/{listId}/todos", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>The list root: every todo, in creation order. No body is read (the runner sends a JSON content type on GETs too).</summary>
    public static async Task<Results<Ok<List<TodoResponse>>, NotFoundError>> HandleAsync(
        string listId, HttpContext context, TodoDbContext db, CurrentUser caller, TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var todos = await db.Items.AsNoTracking().Where(i => i.ListId == id).OrderBy(i => i.Id).ToListAsync(ct);
        var root = TodoResponse.Root(context.Request, item: false);
        return TypedResults.Ok(todos.Select(t => TodoResponse.From(context.Request, root, t)).ToList());
    }
}
