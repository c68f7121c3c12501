using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class CreateTodo
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(CreateTodo))
    {
        var endpoint = group.MapPost("/{listId}/todos", HandleAsync).AllowAnonymous();
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>
    /// Adds a todo (not completed unless the client says so) and answers it with its URL. Concurrent
    /// POSTs each insert their own row (the id is a database sequence), at most
    /// <see cref="TodoOptions.MaxTodosPerList"/> per list even when they race.
    /// </summary>
    public static async Task<Results<Created<TodoResponse>, ValidationFailed, NotFoundError>> HandleAsync(
        string listId, CreateTodoRequest request, HttpContext context, TodoDbContext db, CurrentUser caller,
        TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (ValidationFailed.From(("title", TodoRules.CheckTitle(request.Title))) is { } invalid)
        {
            return invalid;
        }

        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        // Touching the list row first serialises concurrent adds to one list (a row lock on PostgreSQL,
        // the write lock on SQLite), so the count below cannot be raced past the limit.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Lists.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.TouchedAt, l => l.TouchedAt), ct) == 0)
        {
            // Deleted since the access check: the insert would break the foreign key.
            return new NotFoundError("list");
        }

        if (await db.Items.CountAsync(i => i.ListId == id, ct) >= options.Value.MaxTodosPerList)
        {
            return new ValidationFailed("list", $"is full (maximum is {options.Value.MaxTodosPerList} todos)");
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var todo = new TodoItem
        {
            ListId = id,
            Title = request.Title!.Trim(),
            Completed = request.Completed ?? false,
            Order = request.Order,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Items.Add(todo);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var response = TodoResponse.From(context.Request, TodoResponse.Root(context.Request, item: false), todo);
        return TypedResults.Created(response.Url, response);
    }
}
