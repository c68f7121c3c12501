namespace Atrium.Platform.Messaging;

/// <summary>A message a consumer has processed: the de-duplication record of at-least-once delivery.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public DateTime ProcessedAt { get; init; }
}

public static class Inbox
{
    public const int MaxConsumerLength = 100;

    /// <summary>Adds the <c>inbox_messages</c> table to a consuming module's model (call before <c>ModuleSchema.Apply</c>).</summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable("inbox_messages");
            b.HasKey(m => new { m.MessageId, m.Consumer });
            b.Property(m => m.Consumer).HasMaxLength(MaxConsumerLength);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Runs a consumer's effects once per message: <paramref name="stageEffects"/> adds them to
    /// <paramref name="db"/>, and they are saved with the inbox row in one transaction. A message
    /// already processed (a redelivery, or a second copy from a relay whose confirm got lost) is skipped.
    /// </summary>
    /// <returns>False when the message had been processed before.</returns>
    public static async Task<bool> ProcessOnceAsync(
        this DbContext db, Guid messageId, string consumer, Action stageEffects, TimeProvider clock, CancellationToken ct)
    {
        var inbox = db.Set<InboxMessage>();
        if (await inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, ct))
        {
            return false;
        }

        stageEffects();
        inbox.Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ProcessedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Two copies delivered at once: the other one's inbox row won, and with it its effects.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
