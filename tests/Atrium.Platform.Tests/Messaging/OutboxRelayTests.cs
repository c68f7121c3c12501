using Atrium.Platform.Accounts;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Tests.Messaging;

/// <summary>Relays racing over one outbox (replicas) claim each row once; every claimed row ends dispatched.</summary>
public abstract class OutboxRelayTests(AtriumApp app)
{
    private const int Events = 40;
    private const int Relays = 4;

    [Fact]
    public async Task Racing_relays_claim_and_dispatch_each_event_once()
    {
        for (var i = 0; i < Events; i++)
        {
            await app.RegisterAsync("queued");
        }

        var settings = new MessagingOptions { BatchSize = 7 };
        var relays = Enumerable.Range(0, Relays)
            .Select(_ => ActivatorUtilities.CreateInstance<OutboxRelay<AccountsDbContext>>(app.Services)).ToList();
        var claimed = await Task.WhenAll(relays.Select(async relay =>
        {
            var total = 0;
            while (await relay.RelayBatchAsync(settings, CancellationToken.None) is var n and > 0)
            {
                total += n;
            }

            return total;
        }));

        Assert.Equal(Events, claimed.Sum());
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == nameof(UserRegistered)).ToListAsync();
        Assert.Equal(Events, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.DispatchedAt);
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task An_event_this_version_cannot_read_stays_in_the_outbox_and_is_not_claimed_again_at_once()
    {
        var id = Guid.CreateVersion7();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            db.Set<OutboxMessage>().Add(new OutboxMessage { Id = id, Type = "EventFromANewerVersion", Payload = "{}", OccurredAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var relay = ActivatorUtilities.CreateInstance<OutboxRelay<AccountsDbContext>>(app.Services);
        var settings = new MessagingOptions();
        while (await relay.RelayBatchAsync(settings, CancellationToken.None) > 0)
        {
            // Drain whatever else is queued; the unknown row must not keep coming back.
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Set<OutboxMessage>();
            var row = await outbox.AsNoTracking().SingleAsync(m => m.Id == id);
            Assert.Null(row.DispatchedAt);
            Assert.Equal(1, row.Attempts);
            await outbox.Where(m => m.Id == id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public void The_relay_is_off_in_this_fixture() =>
        Assert.False(app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.RelayEnabled);
}

public sealed class RelayOffSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Messaging:RelayEnabled", "false");
    }
}

public sealed class RelayOffPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Messaging:RelayEnabled", "false");
    }
}

public sealed class OutboxRelayTests_Sqlite(RelayOffSqliteApp app) : OutboxRelayTests(app), IClassFixture<RelayOffSqliteApp>;

public sealed class OutboxRelayTests_Postgres(RelayOffPostgresApp app) : OutboxRelayTests(app), IClassFixture<RelayOffPostgresApp>;
