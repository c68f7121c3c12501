using Atrium.Notifications.Realtime;

namespace Atrium.Notifications.Consumers;

/// <summary>Tells an author that someone else commented on their article.</summary>
public sealed class NotifyCommented(NotificationsDbContext db, TimeProvider clock, NotificationsTelemetry telemetry, NotificationPush push) : IEventConsumer<CommentAdded>
{
    public const string Endpoint = "notifications-comment-added";

    public async Task HandleAsync(CommentAdded message, Guid messageId, CancellationToken ct)
    {
        if (message.CommenterId == message.ArticleAuthorId)
        {
            return;
        }

        using var activity = NotificationsTelemetry.StartStore(NotificationTypes.Comment);
        var notification = new Notification
        {
            RecipientId = message.ArticleAuthorId,
            Type = NotificationTypes.Comment,
            ActorId = message.CommenterId,
            ActorUsername = message.CommenterUsername,
            ArticleSlug = message.ArticleSlug,
            CreatedAt = message.OccurredAt.TruncateToMilliseconds(),
        };
        var stored = await db.ProcessOnceAsync(messageId, Endpoint, () => db.Notifications.Add(notification), clock, ct);
        if (stored)
        {
            telemetry.Stored(NotificationTypes.Comment);
            await push.SendAsync(notification);
        }
    }
}
