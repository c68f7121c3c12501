using System.Diagnostics;
using System.Text.Json;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Platform.Messaging;

/// <summary>An integration event waiting in a module's own database to be relayed to the bus.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>The event's type name in <see cref="IntegrationEvent"/>'s namespace (e.g. <c>UserFollowed</c>).</summary>
    public required string Type { get; init; }

    public required string Payload { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>W3C traceparent of the activity that wrote the event, restored when it is published.</summary>
    public string? TraceParent { get; init; }

    public int Attempts { get; set; }

    public DateTime? DispatchedAt { get; set; }

    /// <summary>The relay pass that claimed the row, and until when (see <see cref="MessagingOptions.LeaseDuration"/>).</summary>
    public Guid? LockId { get; set; }

    public DateTime? LockedUntil { get; set; }
}

public static class Outbox
{
    public const int MaxTypeLength = 100;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the <c>outbox_messages</c> table to a module's model (call before <c>ModuleSchema.Apply</c>).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Type).HasMaxLength(MaxTypeLength);
            b.Property(m => m.TraceParent).HasMaxLength(64);
            b.HasIndex(m => new { m.DispatchedAt, m.OccurredAt });
        });
        return modelBuilder;
    }

    /// <summary>
    /// Stages an event: it is written by the context's next <c>SaveChanges</c>, in the same
    /// transaction as the data that caused it, so both commit or neither does.
    /// </summary>
    public static void AddEvent(this DbContext db, IntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = integrationEvent.EventId,
            Type = type.Name,
            Payload = JsonSerializer.Serialize(integrationEvent, type, Json),
            OccurredAt = integrationEvent.OccurredAt.TruncateToMilliseconds(),
            TraceParent = Activity.Current?.Id is { Length: <= 64 } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null,
        });
    }

    /// <summary>
    /// Saves the pending changes and then an event built from what the save produced (database
    /// generated ids), in one transaction: the caller's when one is open, else a new one.
    /// </summary>
    public static async Task SaveChangesWithEventAsync(this DbContext db, Func<IntegrationEvent> integrationEvent, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await db.SaveChangesAsync(ct);
            db.AddEvent(integrationEvent());
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.AddEvent(integrationEvent());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The event type an outbox row names; only types of the events namespace are accepted.</summary>
    internal static Type? ResolveType(string name) =>
        typeof(IntegrationEvent).Assembly.GetType($"{typeof(IntegrationEvent).Namespace}.{name}") is { } type
        && type.IsSubclassOf(typeof(IntegrationEvent)) && !type.IsAbstract
            ? type
            : null;
}
