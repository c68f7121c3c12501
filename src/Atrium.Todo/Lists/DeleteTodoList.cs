namespace Atrium.Todo.Lists;

public static class DeleteTodoList
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(DeleteTodoList))
    {
        var endpoint = group.MapDelete("/{listId}", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>The list and its todos (cascade), in one statement whose WHERE is the access check.</summary>
    public static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        string listId, TodoDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var deleted = await db.Lists.Visible(listId, caller).ExecuteDeleteAsync(ct);
        return deleted == 0 ? new NotFoundError("list") : TypedResults.NoContent();
    }
}
