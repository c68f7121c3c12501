using Atrium.Notifications.Consumers;
using Atrium.Notifications.Data;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Atrium.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>At-least-once delivery made exactly-once in effect: a message id is processed once per consumer.</summary>
public abstract class InboxTests(AtriumApp app)
{
    [Fact]
    public async Task The_same_message_delivered_twice_stores_one_notification()
    {
        using var metrics = new MessagingMetrics(app.Services);
        var celeb = await app.RegisterAsync("celeb");
        var celebId = await IdOfAsync(celeb);
        var followed = new UserFollowed(Guid.NewGuid(), "someone", celebId);
        var bus = app.Services.GetRequiredService<IBus>();

        // What a relay does when the broker's confirm got lost: the same row, the same message id, again.
        await bus.Publish(followed, c => c.MessageId = followed.EventId);
        await bus.Publish(followed, c => c.MessageId = followed.EventId);
        await Eventually.TrueAsync(
            () => Task.FromResult(metrics.Total("atrium.messaging.consumed", NotifyFollowed.Endpoint) >= 2), "both copies consumed");

        Assert.Equal(1, (int)(await celeb.Client().NotificationsAsync())["notificationsCount"]!);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == followed.EventId && m.Consumer == NotifyFollowed.Endpoint));
    }

    [Fact]
    public async Task A_consumer_called_twice_with_one_message_id_writes_once()
    {
        var celeb = await app.RegisterAsync("celeb");
        var followed = new UserFollowed(Guid.NewGuid(), "someone", await IdOfAsync(celeb));
        for (var i = 0; i < 2; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NotifyFollowed>().HandleAsync(followed, followed.EventId, CancellationToken.None);
        }

        Assert.Equal(1, (int)(await celeb.Client().NotificationsAsync())["notificationsCount"]!);
    }

    private async Task<Guid> IdOfAsync(TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Atrium.Platform.Accounts.AccountsDbContext>();
        return await db.Users.Where(u => u.Username == user.Username).Select(u => u.Id).SingleAsync();
    }
}

public sealed class InboxTests_Sqlite(SqliteApp app) : InboxTests(app), IClassFixture<SqliteApp>;

public sealed class InboxTests_Postgres(PostgresApp app) : InboxTests(app), IClassFixture<PostgresApp>;
