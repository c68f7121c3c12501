using Atrium.Notifications.Realtime;

namespace Atrium.Notifications.Consumers;

/// <summary>Tells a user that someone started following them.</summary>
public sealed class NotifyFollowed(NotificationsDbContext db, TimeProvider clock, NotificationsTelemetry telemetry, NotificationPush push) : IEventConsumer<UserFollowed>
{
    public const string Endpoint = "notifications-user-followed";

    public async Task HandleAsync(UserFollowed message, Guid messageId, CancellationToken ct)
    {
        if (message.FollowerId == message.FolloweeId)
        {
            return;
        }

        using var activity = NotificationsTelemetry.StartStore(NotificationTypes.Follow);
        var notification = new Notification
        {
            RecipientId = message.FolloweeId,
            Type = NotificationTypes.Follow,
            ActorId = message.FollowerId,
            ActorUsername = message.FollowerUsername,
            CreatedAt = message.OccurredAt.TruncateToMilliseconds(),
        };
        var stored = await db.ProcessOnceAsync(messageId, Endpoint, () => db.Notifications.Add(notification), clock, ct);
        if (stored)
        {
            telemetry.Stored(NotificationTypes.Follow);
            await push.SendAsync(notification);
        }
    }
}
