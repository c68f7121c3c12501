using Microsoft.Extensions.Options;

namespace Atrium.Todo.Lists;

/// <summary>
/// Who may use a list, as a WHERE clause: an owned list (its id is a GUID) only by its signed-in
/// owner, a guest list (its id is a 256-bit capability) by whoever holds the id. Anything else
/// matches no row, so a stranger's list and a missing one both answer 404.
/// </summary>
public static class ListAccess
{
    public static IQueryable<TodoList> Visible(this IQueryable<TodoList> lists, string listId, CurrentUser caller)
    {
        if (Guid.TryParseExact(listId, "D", out var id))
        {
            return caller.Id is { } owner ? lists.Where(l => l.Id == id && l.OwnerId == owner) : lists.Where(l => false);
        }

        if (listId.Length > OpaqueToken.MaxLength)
        {
            return lists.Where(l => false);
        }

        // Looked up by hash: an index lookup's timing says nothing usable about the secret.
        var hash = OpaqueToken.Hash(listId);
        return lists.Where(l => l.TokenHash == hash && l.OwnerId == null);
    }

    /// <summary>
    /// The list's internal id when the caller may use it, else null. Marks the list used when its
    /// last-use time is older than <see cref="TodoOptions.TouchInterval"/> (one conditional UPDATE).
    /// </summary>
    public static async Task<Guid?> OpenAsync(
        TodoDbContext db, string listId, CurrentUser caller, TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        var found = await db.Lists.AsNoTracking().Visible(listId, caller)
            .Select(l => new { l.Id, l.TouchedAt }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        if (now - found.TouchedAt >= options.Value.TouchInterval)
        {
            await db.Lists.Where(l => l.Id == found.Id && l.TouchedAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.TouchedAt, now), ct);
        }

        return found.Id;
    }
}
