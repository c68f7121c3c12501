using Atrium.Notifications.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Atrium.Notifications.Realtime;

/// <summary>
/// <c>/hubs/notifications</c>: each stored notification is pushed (<see cref="NotificationPush.Event"/>,
/// shaped as in <c>GET /api/notifications</c>) to every connection of its recipient. Signed-in callers
/// only; nothing to call: an account hears its own notifications and nobody else's.
/// </summary>
public sealed class NotificationsHub : Hub;

/// <summary>Pushes a notification the moment its consumer has stored it. Best effort: the stored row is the truth.</summary>
public sealed partial class NotificationPush(IHubContext<NotificationsHub> hub, ILogger<NotificationPush> logger)
{
    public const string Event = "notification";

    public async Task SendAsync(Notification notification)
    {
        var response = new NotificationResponse(
            notification.Id, notification.Type, NotificationTypes.Message(notification.Type, notification.ActorUsername),
            new NotificationActor(notification.ActorUsername), notification.ArticleSlug, notification.CreatedAt, notification.ReadAt);
        try
        {
            await hub.Clients.User(notification.RecipientId.ToString()).SendAsync(Event, response);
        }
#pragma warning disable CA1031 // The notification is stored; a failed push (Redis down) must not redeliver the event.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPushFailed(e, notification.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push notification {NotificationId}")]
    private partial void LogPushFailed(Exception exception, Guid notificationId);
}
