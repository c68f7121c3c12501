namespace Atrium.Notifications.Notifications;

public static class ListNotifications
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/notifications", HandleAsync).WithName(nameof(ListNotifications));

    /// <summary>The caller's notifications, newest first; <c>unread=true</c> lists only the unread ones.</summary>
    public static async Task<Results<Ok<NotificationsEnvelope>, ValidationFailed>> HandleAsync(
        int? limit, int? offset, bool? unread, NotificationsDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var invalid = ValidationFailed.From(
            ("limit", limit is < 1 or > MaxLimit ? $"must be between 1 and {MaxLimit}" : null),
            ("offset", offset is < 0 ? "must be 0 or more" : null));
        if (invalid is not null)
        {
            return invalid;
        }

        var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientId == caller.RequiredId);
        var listed = unread == true ? mine.Where(n => n.ReadAt == null) : mine;
        var count = await listed.CountAsync(ct);
        var unreadCount = unread == true ? count : await mine.CountAsync(n => n.ReadAt == null, ct);
        var page = await listed.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(offset ?? 0).Take(limit ?? DefaultLimit)
            .Select(n => new { n.Id, n.Type, n.ActorUsername, n.ArticleSlug, n.CreatedAt, n.ReadAt })
            .ToListAsync(ct);
        var notifications = page.Select(n => new NotificationResponse(
            n.Id, n.Type, NotificationTypes.Message(n.Type, n.ActorUsername), new NotificationActor(n.ActorUsername),
            n.ArticleSlug, n.CreatedAt, n.ReadAt)).ToList();
        return TypedResults.Ok(new NotificationsEnvelope(notifications, count, unreadCount));
    }
}
