using System.Text.Json;
using Atrium.Todo.Lists;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Todos;

public static class UpdateTodo
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string? name = nameof(UpdateTodo))
    {
        var endpoint = group.MapPatch("/{listId}/todos/{todoId:long}", HandleAsync).AllowAnonymous()
            .Accepts<CreateTodoRequest>("application/json");
        return name is null ? endpoint.ExcludeFromDescription() : endpoint.WithName(name);
    }

    /// <summary>
    /// Changes only the fields present in the body: an absent <c>title</c> keeps the title, while
    /// <c>"order": null</c> clears the order. Other fields (a client echoing <c>url</c> or <c>id</c>) are ignored.
    /// </summary>
    public static async Task<Results<Ok<TodoResponse>, ValidationFailed, NotFoundError>> HandleAsync(
        string listId, long todoId, JsonElement body, HttpContext context, TodoDbContext db, CurrentUser caller,
        TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (Parse(body) is not { } patch)
        {
            return new ValidationFailed("todo", "must be a JSON object");
        }

        if (patch.Errors is { } invalid)
        {
            return invalid;
        }

        if (await ListAccess.OpenAsync(db, listId, caller, clock, options, ct) is not { } id)
        {
            return new NotFoundError("list");
        }

        var todo = await db.Items.FirstOrDefaultAsync(i => i.Id == todoId && i.ListId == id, ct);
        if (todo is null)
        {
            return new NotFoundError("todo");
        }

        todo.Title = patch.Title ?? todo.Title;
        todo.Completed = patch.Completed ?? todo.Completed;
        todo.Order = patch.HasOrder ? patch.Order : todo.Order;
        todo.UpdatedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted (itself or with its list) between the load and the save.
            return new NotFoundError("todo");
        }

        return TypedResults.Ok(TodoResponse.From(context.Request, TodoResponse.Root(context.Request, item: true), todo));
    }

    private sealed record Patch(string? Title, bool? Completed, bool HasOrder, int? Order, ValidationFailed? Errors);

    private static Patch? Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? title = null, titleError = null, completedError = null, orderError = null;
        bool? completed = null;
        int? order = null;
        var hasOrder = false;
        if (body.TryGetProperty("title", out var t))
        {
            title = t.ValueKind == JsonValueKind.String ? ReadText(t) : null;
            titleError = t.ValueKind == JsonValueKind.String ? TodoRules.CheckTitle(title) : "must be a string";
            title = title?.Trim();
        }

        if (body.TryGetProperty("completed", out var c))
        {
            completed = c.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
            completedError = completed is null ? "must be true or false" : null;
        }

        if (body.TryGetProperty("order", out var o))
        {
            hasOrder = true;
            if (o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var value))
            {
                order = value;
            }
            else if (o.ValueKind != JsonValueKind.Null)
            {
                orderError = "must be a whole number";
            }
        }

        return new Patch(title, completed, hasOrder, order,
            ValidationFailed.From(("title", titleError), ("completed", completedError), ("order", orderError)));
    }

    /// <summary>
    /// JsonDocument keeps a lone surrogate escape or invalid UTF-8 inside a string and throws only when
    /// it is read; the typed endpoints refuse such a body as not valid JSON (400), so this one does too.
    /// </summary>
    private static string ReadText(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, new JsonException(e.Message, e));
        }
    }
}
