using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Platform.Messaging;

/// <summary>The <c>Atrium.Messaging</c> meter and activity source.</summary>
public sealed class MessagingTelemetry
{
    public const string Name = "Atrium.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _published;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly ConcurrentDictionary<string, long> _backlog = new();

    public MessagingTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _published = meter.CreateCounter<long>("atrium.messaging.published", "{message}", "Events relayed from an outbox and confirmed by the broker");
        _consumed = meter.CreateCounter<long>("atrium.messaging.consumed", "{message}", "Messages a consumer handled successfully");
        _retried = meter.CreateCounter<long>("atrium.messaging.retried", "{message}", "Consumer failures that will be retried");
        _deadLettered = meter.CreateCounter<long>("atrium.messaging.dead_lettered", "{message}", "Messages moved to an _error queue after their last retry");
        meter.CreateObservableGauge("atrium.messaging.outbox.backlog", ObserveBacklog, "{message}", "Events in an outbox not yet relayed");
    }

    public void Published(string eventType) => _published.Add(1, new KeyValuePair<string, object?>("event", eventType));

    public void Consumed(string consumer, string eventType) => _consumed.Add(1, Tags(consumer, eventType));

    public void Retried(string consumer, string eventType) => _retried.Add(1, Tags(consumer, eventType));

    public void DeadLettered(string consumer, string eventType) => _deadLettered.Add(1, Tags(consumer, eventType));

    public void Backlog(string module, long count) => _backlog[module] = count;

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        _backlog.Select(b => new Measurement<long>(b.Value, new KeyValuePair<string, object?>("module", b.Key)));

    private static TagList Tags(string consumer, string eventType) => new()
    {
        { "consumer", consumer },
        { "event", eventType },
    };
}
