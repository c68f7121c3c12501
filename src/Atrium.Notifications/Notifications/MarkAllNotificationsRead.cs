namespace Atrium.Notifications.Notifications;

public static class MarkAllNotificationsRead
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/notifications/read", HandleAsync).WithName(nameof(MarkAllNotificationsRead));

    /// <summary>Marks every unread notification of the caller read, in one statement.</summary>
    public static async Task<NoContent> HandleAsync(
        NotificationsDbContext db, CurrentUser caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        await db.Notifications.Where(n => n.RecipientId == caller.RequiredId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.NoContent();
    }
}
