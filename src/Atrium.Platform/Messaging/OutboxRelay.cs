using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Messaging;

/// <summary>
/// Relays one module's outbox to the bus: claims a batch of unsent rows (a lease, so replicas do
/// not send the same rows at once), publishes each with its row id as the message id, and marks
/// it dispatched only after the broker confirmed it. A crash between confirm and mark sends the
/// row again after its lease: delivery is at least once, and consumers de-duplicate by message id.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    IBusControl busControl,
    OutboxSignal signal,
    MessagingTelemetry telemetry,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly string Module = typeof(TContext).Name;

    // Long enough for any healthy start; a bus that never gets there (broker down at boot) is
    // relayed to anyway, and its publishes wait for the broker like any other outage.
    private static readonly TimeSpan BusStartWait = TimeSpan.FromSeconds(60);
    private DateTime _nextCleanup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RelayEnabled)
        {
            LogDisabled(Module);
            return;
        }

        await WaitForBusAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                full = await RelayBatchAsync(settings, stoppingToken) == settings.BatchSize;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Database or broker unavailable (or not migrated yet): the rows wait; try again later.
                LogRelayFailed(e, Module);
            }

            if (!full)
            {
                await signal.WaitAsync(typeof(TContext), settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Publishing before the bus's receive endpoints are up would drop events on a fresh broker
    /// (no queue bound to the exchange yet), so the relay starts once the bus reports healthy.
    /// </summary>
    private async Task WaitForBusAsync(CancellationToken stoppingToken)
    {
        var deadline = clock.GetUtcNow() + BusStartWait;
        while (busControl.CheckHealth().Status != BusHealthStatus.Healthy && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <returns>How many rows this pass claimed.</returns>
    internal async Task<int> RelayBatchAsync(MessagingOptions settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = db.Set<OutboxMessage>();
        var now = clock.GetUtcNow().UtcDateTime;
        await CleanUpAsync(outbox, settings, now, ct);

        var candidates = await outbox.AsNoTracking()
            .Where(m => m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.OccurredAt).Take(settings.BatchSize).Select(m => m.Id)
            .ToListAsync(ct);
        telemetry.Backlog(Module, candidates.Count < settings.BatchSize
            ? candidates.Count
            : await outbox.CountAsync(m => m.DispatchedAt == null, ct));
        if (candidates.Count == 0)
        {
            return 0;
        }

        // The claim repeats the free-row condition: of two relays racing for a row, one updates it.
        var lockId = Guid.NewGuid();
        var lockedUntil = now + settings.LeaseDuration;
        await outbox
            .Where(m => candidates.Contains(m.Id) && m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockId, lockId)
                .SetProperty(m => m.LockedUntil, lockedUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        var claimed = await outbox.AsNoTracking().Where(m => m.LockId == lockId && m.DispatchedAt == null)
            .OrderBy(m => m.OccurredAt).ToListAsync(ct);

        var sent = new List<Guid>(claimed.Count);
        var unknown = new List<Guid>();
        try
        {
            foreach (var message in claimed)
            {
                (await PublishAsync(message, settings, ct) ? sent : unknown).Add(message.Id);
            }
        }
        finally
        {
            await MarkAsync(outbox, lockId, sent, unknown);
        }

        return claimed.Count;
    }

    /// <summary>Publishes a row and returns true once the broker confirmed it; false when this version can't read it.</summary>
    private async Task<bool> PublishAsync(OutboxMessage message, MessagingOptions settings, CancellationToken ct)
    {
        if (Outbox.ResolveType(message.Type) is not { } type
            || JsonSerializer.Deserialize(message.Payload, type, Outbox.Json) is not { } payload)
        {
            // Not publishable by this version (unknown type): keep it for a version that knows it.
            LogUnknownType(message.Id, message.Type);
            return false;
        }

        // The publish continues the trace of the request that wrote the event.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"outbox publish {message.Type}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", message.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.PublishTimeout);
        // Completes when the broker confirmed the message (RabbitMQ publisher confirms).
        await bus.Publish(payload, type, Pipe.Execute<PublishContext>(c => c.MessageId = message.Id), timeout.Token);
        telemetry.Published(message.Type);
        return true;
    }

    private async Task MarkAsync(DbSet<OutboxMessage> outbox, Guid lockId, List<Guid> sent, List<Guid> unknown)
    {
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        // Must run even when the host is stopping: a confirmed row left unmarked is sent again.
        var token = CancellationToken.None;
        if (sent.Count > 0)
        {
            await outbox.Where(m => sent.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now).SetProperty(m => m.LockedUntil, (DateTime?)null), token);
        }

        // Rows not sent (broker down) are released at once rather than when the lease runs out; rows this
        // version can't read keep their lease, so they are not claimed again on every pass.
        await outbox.Where(m => m.LockId == lockId && m.DispatchedAt == null && !unknown.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null), token);
    }

    private async Task CleanUpAsync(DbSet<OutboxMessage> outbox, MessagingOptions settings, DateTime now, CancellationToken ct)
    {
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now + TimeSpan.FromMinutes(10);
        var before = now - settings.DispatchedRetention;
        await outbox.Where(m => m.DispatchedAt != null && m.DispatchedAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox relay of {Module} is disabled (Atrium:Messaging:RelayEnabled)")]
    private partial void LogDisabled(string module);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox relay of {Module} failed; its events wait for the next pass")]
    private partial void LogRelayFailed(Exception exception, string module);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} has an unknown event type {Type}; left in the outbox")]
    private partial void LogUnknownType(Guid messageId, string type);
}
