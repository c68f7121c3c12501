using Atrium.Notifications.Realtime;

namespace Atrium.Notifications.Consumers;

/// <summary>Tells an author that someone else favorited their article.</summary>
public sealed class NotifyFavorited(NotificationsDbContext db, TimeProvider clock, NotificationsTelemetry telemetry, NotificationPush push) : IEventConsumer<ArticleFavorited>
{
    public const string Endpoint = "notifications-article-favorited";

    public async Task HandleAsync(ArticleFavorited message, Guid messageId, CancellationToken ct)
    {
        if (message.UserId == message.ArticleAuthorId)
        {
            return;
        }

        using var activity = NotificationsTelemetry.StartStore(NotificationTypes.Favorite);
        var notification = new Notification
        {
            RecipientId = message.ArticleAuthorId,
            Type = NotificationTypes.Favorite,
            ActorId = message.UserId,
            ActorUsername = message.Username,
            ArticleSlug = message.ArticleSlug,
            CreatedAt = message.OccurredAt.TruncateToMilliseconds(),
        };
        var stored = await db.ProcessOnceAsync(messageId, Endpoint, () => db.Notifications.Add(notification), clock, ct);
        if (stored)
        {
            telemetry.Stored(NotificationTypes.Favorite);
            await push.SendAsync(notification);
        }
    }
}
