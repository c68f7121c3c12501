namespace Atrium.Notifications.Notifications;

public static class MarkNotificationRead
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/notifications/{id:guid}/read", HandleAsync).WithName(nameof(MarkNotificationRead));

    /// <summary>
    /// Idempotent (the first read time is kept). The owner is part of the WHERE clause, so another
    /// user's notification is indistinguishable from a missing one: 404.
    /// </summary>
    public static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        Guid id, NotificationsDbContext db, CurrentUser caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var updated = await db.Notifications.Where(n => n.Id == id && n.RecipientId == caller.RequiredId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), ct);
        return updated == 0 ? new NotFoundError("notification") : TypedResults.NoContent();
    }
}
