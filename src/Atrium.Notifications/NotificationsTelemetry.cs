using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Notifications;

/// <summary>
/// The module's meter and activity source, both named <c>Atrium.Notifications</c>: a span per stored
/// notification and <c>atrium.notifications.stored</c> by type (redelivered messages are not counted).
/// </summary>
public sealed class NotificationsTelemetry
{
    public const string Name = "Atrium.Notifications";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _stored;

    public NotificationsTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _stored = meter.CreateCounter<long>("atrium.notifications.stored", "{notification}", "Notifications stored, by type");
    }

    public static Activity? StartStore(string type) => Activities.StartActivity($"notifications.{type}.store");

    public void Stored(string type) => _stored.Add(1, new KeyValuePair<string, object?>("type", type));
}
