using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Notifications.Notifications;

namespace Atrium.Notifications;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NotificationsEnvelope))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
