using Atrium.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Messaging;

/// <summary>
/// The recurring inbox cleanup of one consuming module (<c>{module}.inbox-prune</c>): de-duplication
/// records older than <c>InboxRetention</c> go. A redelivery arrives within minutes (consumer retries)
/// or, for a message replayed from an <c>_error</c> queue, within days; the retention outlasts both.
/// </summary>
public sealed class PruneInbox<TContext>(TContext db, IOptions<MessagingOptions> options, TimeProvider clock) : IBackgroundJob<NoArgs>
    where TContext : DbContext
{
    private const int BatchSize = 1_000;

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.InboxRetention;
        var deleted = await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff)
            .DeleteInBatchesAsync(m => m.MessageId, BatchSize, cancellationToken);
        await context.ReportProgressAsync(100, $"{deleted} inbox record(s) deleted", cancellationToken);
    }
}

public static class InboxPruning
{
    /// <summary>Schedules the daily cleanup of <typeparamref name="TContext"/>'s inbox (call from a module that consumes events).</summary>
    public static IServiceCollection AddInboxPruning<TContext>(this IServiceCollection services, string module)
        where TContext : DbContext =>
        services.AddRecurringJob<PruneInbox<TContext>>($"{module}.inbox-prune", "0 40 3 * * ?");
}
