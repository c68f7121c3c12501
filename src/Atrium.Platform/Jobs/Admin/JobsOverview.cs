using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.Options;
using Quartz;

namespace Atrium.Platform.Jobs.Admin;

public sealed record JobsOverview(
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<QueueCount> Queues,
    IReadOnlyList<FailedJob> RecentFailures,
    IReadOnlyList<RetryingJob> Retrying,
    IReadOnlyList<RecurringSchedule> Recurring,
    IReadOnlyList<WorkerView> Workers);

public sealed record QueueCount(string Name, string Status, int Count);

public sealed record FailedJob(Guid Id, string Name, string Status, int Attempt, int MaxAttempts, string? Error, DateTime UpdatedAt);

public sealed record RetryingJob(Guid Id, string Name, int Attempt, int MaxAttempts, DateTime? NextAttemptAt, string? Error);

public sealed record RecurringSchedule(string Name, string Cron, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime);

public sealed record WorkerView(string InstanceId, DateTime StartedAt, DateTime LastSeenAt, bool Alive);

public sealed record JobsOverviewEnvelope(JobsOverview Jobs);

/// <summary>What the admin page and its JSON show: the queue per job name and status, failures, retries, schedules, workers.</summary>
internal sealed class JobsOverviewQuery(JobsDbContext db, JobCatalog catalog, ISchedulerFactory schedulers, IOptions<JobsOptions> options, TimeProvider clock)
{
    private const int ListLimit = 50;

    public async Task<JobsOverview> LoadAsync(CancellationToken ct)
    {
        var groups = await db.Runs.AsNoTracking()
            .GroupBy(r => new { r.Name, r.Status })
            .Select(g => new QueueCount(g.Key.Name, g.Key.Status, g.Count()))
            .ToListAsync(ct);
        var counts = JobStatus.All.ToDictionary(s => s, s => groups.Where(g => g.Status == s).Sum(g => g.Count));
        var failures = await db.Runs.AsNoTracking()
            .Where(r => r.Status == JobStatus.Dead || r.Status == JobStatus.Retrying)
            .OrderByDescending(r => r.UpdatedAt).Take(ListLimit)
            .Select(r => new FailedJob(r.Id, r.Name, r.Status, r.Attempt, r.MaxAttempts, r.LastError, r.UpdatedAt))
            .ToListAsync(ct);
        var retrying = await db.Runs.AsNoTracking()
            .Where(r => r.Status == JobStatus.Retrying)
            .OrderBy(r => r.NextAttemptAt).Take(ListLimit)
            .Select(r => new RetryingJob(r.Id, r.Name, r.Attempt, r.MaxAttempts, r.NextAttemptAt, r.LastError))
            .ToListAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime - options.Value.WorkerTimeout;
        var workers = await db.Workers.AsNoTracking().OrderBy(w => w.InstanceId)
            .Select(w => new WorkerView(w.InstanceId, w.StartedAt, w.LastSeenAt, w.LastSeenAt >= since))
            .ToListAsync(ct);

        var scheduler = await schedulers.GetScheduler(ct);
        var recurring = new List<RecurringSchedule>();
        foreach (var schedule in catalog.Recurring)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(schedule.Name, JobTriggers.RecurringGroup), ct);
            recurring.Add(new RecurringSchedule(schedule.Name, schedule.Cron, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc));
        }

        return new JobsOverview(counts, [.. groups.OrderBy(g => g.Name).ThenBy(g => g.Status)], failures, retrying, recurring, workers);
    }
}
