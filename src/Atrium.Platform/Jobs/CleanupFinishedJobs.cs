using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Jobs;

/// <summary>
/// The recurring cleanup (<c>jobs.cleanup</c>, on <c>CleanupCron</c>): job records finished more than
/// <c>RetentionDays</c> ago go, with their result files, and so do long-gone workers' heartbeats.
/// </summary>
internal sealed class CleanupFinishedJobs(JobsDbContext db, JobResultFiles files, IOptions<JobsOptions> options, TimeProvider clock)
    : IBackgroundJob<NoArgs>
{
    public const string Name = "jobs.cleanup";
    private const int BatchSize = 500;

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.RetentionDays);
        var deleted = 0;
        while (true)
        {
            // Files first: a record whose file could not be removed is kept for the next run.
            var batch = await db.Runs.AsNoTracking()
                .Where(r => r.FinishedAt != null && r.FinishedAt < cutoff)
                .OrderBy(r => r.FinishedAt).Take(BatchSize)
                .Select(r => new { r.Id, r.ResultPath })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var path in batch.Select(b => files.Resolve(b.ResultPath)).OfType<string>())
            {
                File.Delete(path);
            }

            var ids = batch.Select(b => b.Id).ToList();
            deleted += await db.Runs.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            await context.ReportProgressAsync(0, $"{deleted} finished job(s) deleted", cancellationToken);
        }

        await db.Workers.Where(w => w.LastSeenAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await context.ReportProgressAsync(100, $"{deleted} finished job(s) deleted", cancellationToken);
    }
}
