using Atrium.Notifications.Data;
using Atrium.Platform.Jobs;
using Atrium.Platform.Messaging;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Messaging;

/// <summary>The daily inbox prune, run directly against a consuming module's real inbox table.</summary>
public abstract class InboxPruningTests(AtriumApp app)
{
    [Fact]
    public async Task The_prune_forgets_only_records_older_than_the_retention()
    {
        var now = DateTime.UtcNow;
        var old = new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "prune-test", ProcessedAt = now.AddDays(-15) };
        var recent = new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "prune-test", ProcessedAt = now.AddDays(-13) };
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        db.AddRange(old, recent);
        await db.SaveChangesAsync();

        var context = new JobContext(Guid.NewGuid(), null, 1, null, app.DataDirectory, (_, _, _) => Task.CompletedTask);
        await scope.ServiceProvider.GetRequiredService<PruneInbox<NotificationsDbContext>>().RunAsync(NoArgs.Value, context, CancellationToken.None);

        var left = await db.Set<InboxMessage>().AsNoTracking().Where(m => m.Consumer == "prune-test").Select(m => m.MessageId).ToListAsync();
        Assert.Equal([recent.MessageId], left);
    }

    [Fact]
    public async Task The_prune_is_scheduled_for_the_notifications_inbox()
    {
        var definitions = app.Services.GetServices<RecurringJobDefinition>();
        Assert.Contains(definitions, d => d.Name == "notifications.inbox-prune");
    }
}

public sealed class InboxPruningTests_Sqlite(SqliteApp app) : InboxPruningTests(app), IClassFixture<SqliteApp>;

public sealed class InboxPruningTests_Postgres(PostgresApp app) : InboxPruningTests(app), IClassFixture<PostgresApp>;
