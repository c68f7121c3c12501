using Microsoft.Extensions.Options;

namespace Atrium.Todo.Lists;

public static class RenameTodoList
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(RenameTodoList))
    {
        var endpoint = group.MapPatch("/{listId}", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    public static async Task<Results<Ok<TodoListResponse>, ValidationFailed, NotFoundError>> HandleAsync(
        string listId, RenameTodoListRequest request, HttpContext context, TodoDbContext db, CurrentUser caller,
        TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (ValidationFailed.From(("title", request.Title is null ? "can't be blank" : ListRules.CheckTitle(request.Title))) is { } invalid)
        {
            return invalid;
        }

        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var title = request.Title!.Trim();
        await db.Lists.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, title), ct);
        var row = await db.Lists.AsNoTracking().Where(l => l.Id == id)
            .Select(l => new { List = l, Count = l.Items.Count, Active = l.Items.Count(i => !i.Completed) }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return new NotFoundError("list");
        }

        var root = ListRules.ListsRoot(context.Request, listId);
        return TypedResults.Ok(ListRules.Describe(context.Request, root, listId, row.List, row.Count, row.Active));
    }
}
