using Atrium.Platform.RateLimiting;

namespace Atrium.Todo.Lists;

public static class CreateTodoList
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(CreateTodoList))
    {
        var endpoint = group.MapPost("", HandleAsync).AllowAnonymous()
            // Anonymous creation is a write anyone can make: the sign-up tier limits it per client address.
            .RequireRateLimiting(RateLimitPolicies.Auth)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ErrorBody), ["application/json"]));
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>
    /// Signed in: a new list of the caller's. Anonymous: a guest list, whose id is a fresh 256-bit
    /// capability (returned once, stored only as its hash).
    /// </summary>
    public static async Task<Results<Created<TodoListResponse>, ValidationFailed>> HandleAsync(
        CreateTodoListRequest? request, HttpContext context, TodoDbContext db, CurrentUser caller, TimeProvider clock,
        TodoTelemetry telemetry, CancellationToken ct)
    {
        if (ValidationFailed.From(("title", ListRules.CheckTitle(request?.Title))) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var capability = caller.IsAuthenticated ? null : OpaqueToken.Create();
        var list = new TodoList
        {
            OwnerId = caller.Id,
            TokenHash = capability is null ? null : OpaqueToken.Hash(capability),
            Title = request?.Title?.Trim() ?? ListRules.DefaultTitle,
            CreatedAt = now,
            TouchedAt = now,
        };
        db.Lists.Add(list);
        await db.SaveChangesAsync(ct);
        telemetry.Created(guest: capability is not null);

        var id = capability ?? list.Id.ToString();
        var response = ListRules.Describe(context.Request, ListRules.ListsRoot(context.Request, null), id, list, 0, 0);
        if (capability is not null)
        {
            TodoGuestCookie.RememberIfPage(context, capability);
        }

        return TypedResults.Created(response.TodosUrl, response);
    }
}
