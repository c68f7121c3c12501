using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Notifications.Notifications;
using Atrium.Notifications.Realtime;

namespace Atrium.Notifications;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NotificationsEnvelope))]
[JsonSerializable(typeof(NotificationResponse))]
[JsonSerializable(typeof(CommentStreamed))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
