namespace Atrium.Todo.Lists;

public static class ClaimTodoList
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(ClaimTodoList))
    {
        var endpoint = group.MapPost("/{listId}/claim", HandleAsync);
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>
    /// Moves a guest list into the caller's account. Its capability id stops working (a link shared
    /// while it was a guest list must not reach into an account); the list answers at its new id.
    /// </summary>
    public static async Task<Results<Ok<TodoListResponse>, NotFoundError>> HandleAsync(
        string listId, HttpContext context, TodoDbContext db, CurrentUser caller, TimeProvider clock, TodoTelemetry telemetry, CancellationToken ct)
    {
        var id = await ClaimAsync(db, listId, caller.RequiredId, clock, ct);
        if (id is not null)
        {
            telemetry.Claimed();
        }

        var list = id is null ? null : await db.Lists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (list is null)
        {
            return new NotFoundError("list");
        }

        var counts = await db.Items.Where(i => i.ListId == list.Id)
            .GroupBy(i => 1).Select(g => new { Count = g.Count(), Active = g.Count(i => !i.Completed) }).FirstOrDefaultAsync(ct);
        var root = ListRules.ListsRoot(context.Request, listId);
        return TypedResults.Ok(ListRules.Describe(context.Request, root, list.Id.ToString(), list, counts?.Count ?? 0, counts?.Active ?? 0));
    }

    /// <summary>One conditional UPDATE: of two accounts claiming the same guest list at once, exactly one wins.</summary>
    internal static async Task<Guid?> ClaimAsync(TodoDbContext db, string capability, Guid owner, TimeProvider clock, CancellationToken ct)
    {
        if (Guid.TryParseExact(capability, "D", out _) || capability.Length > OpaqueToken.MaxLength)
        {
            return null;
        }

        var hash = OpaqueToken.Hash(capability);
        var id = await db.Lists.Where(l => l.TokenHash == hash && l.OwnerId == null).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var claimed = await db.Lists.Where(l => l.Id == id && l.TokenHash == hash && l.OwnerId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, owner).SetProperty(l => l.TokenHash, (string?)null)
                .SetProperty(l => l.TouchedAt, now), ct);
        return claimed == 1 ? id : null;
    }
}
