namespace Atrium.Notifications.Notifications;

public sealed record NotificationsEnvelope(IReadOnlyList<NotificationResponse> Notifications, int NotificationsCount, int UnreadCount);

public sealed record NotificationResponse(
    Guid Id, string Type, string Message, NotificationActor Actor, string? ArticleSlug, DateTime CreatedAt, DateTime? ReadAt);

public sealed record NotificationActor(string Username);
