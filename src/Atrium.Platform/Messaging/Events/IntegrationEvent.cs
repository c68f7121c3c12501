using MassTransit;

namespace Atrium.Platform.Messaging.Events;

/// <summary>
/// An integration event: a fact one module publishes for others, carrying everything its
/// consumers need so they never read the publisher's tables. <see cref="EventId"/> becomes the
/// outbox row id and the message id, the key consumers de-duplicate on.
/// </summary>
[ExcludeFromTopology]
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public DateTime OccurredAt { get; init; } = DateTime.UtcNow;
}
