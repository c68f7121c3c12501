using Atrium.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Lists;

/// <summary>
/// The recurring expiry (<c>todo.expire-guest-lists</c>, on <c>Atrium:Todo:ExpiryCron</c>): guest lists
/// unused for <c>GuestListRetentionDays</c> go, with their todos (cascade). Owned lists never expire.
/// </summary>
internal sealed partial class ExpireGuestLists(
    TodoDbContext db, IOptions<TodoOptions> options, TimeProvider clock, TodoTelemetry telemetry, ILogger<ExpireGuestLists> logger)
    : IBackgroundJob<NoArgs>
{
    public const string Name = "todo.expire-guest-lists";
    private const int BatchSize = 500;

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var deleted = await ExpireAsync(cancellationToken);
        await context.ReportProgressAsync(100, $"{deleted} guest list(s) deleted", cancellationToken);
    }

    /// <summary>Deletes the expired guest lists; returns how many.</summary>
    internal async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.GuestListRetentionDays);
        // The condition holds at delete time too: a list used (or claimed) since its batch was read stays.
        var deleted = await db.Lists.Where(l => l.OwnerId == null && l.TouchedAt < cutoff)
            .DeleteInBatchesAsync(l => l.Id, l => l.TouchedAt, BatchSize, cancellationToken);

        telemetry.Expired(deleted);
        LogExpired(deleted, options.Value.GuestListRetentionDays);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} guest todo lists unused for {Days} days")]
    private partial void LogExpired(int count, int days);
}
