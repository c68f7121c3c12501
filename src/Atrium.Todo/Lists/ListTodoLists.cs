namespace Atrium.Todo.Lists;

public static class ListTodoLists
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(ListTodoLists))
    {
        var endpoint = group.MapGet("", HandleAsync);
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>The caller's lists, most recently used first, with their counts (one query).</summary>
    public static async Task<Ok<TodoListsEnvelope>> HandleAsync(HttpContext context, TodoDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var lists = await FindAsync(db, caller.RequiredId, ct);
        var root = ListRules.ListsRoot(context.Request, null);
        return TypedResults.Ok(new TodoListsEnvelope(
            lists.Select(l => ListRules.Describe(context.Request, root, l.List.Id.ToString(), l.List, l.Count, l.Active)).ToList()));
    }

    internal static async Task<List<(TodoList List, int Count, int Active)>> FindAsync(TodoDbContext db, Guid owner, CancellationToken ct)
    {
        var rows = await db.Lists.AsNoTracking().Where(l => l.OwnerId == owner)
            .OrderByDescending(l => l.TouchedAt).ThenByDescending(l => l.Id)
            .Select(l => new { List = l, Count = l.Items.Count, Active = l.Items.Count(i => !i.Completed) })
            .ToListAsync(ct);
        return rows.Select(r => (r.List, r.Count, r.Active)).ToList();
    }
}
