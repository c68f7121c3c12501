using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>The one Quartz job behind every enqueued record: a trigger carries the record's id.</summary>
internal sealed class RunJobFiring(JobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParse(context.MergedJobDataMap.TryGetValue(JobTriggers.RunIdKey, out var id) ? id as string : null, out var runId))
        {
            await runner.RunAsync(runId, context.Recovering, null, context.Scheduler, cancellationToken);
        }
    }
}

/// <summary>
/// A recurring job's firing: a fresh record (so the admin page shows the run), then the run itself.
/// Clustering makes the firing happen on one replica; DisallowConcurrentExecution keeps a slow run
/// from overlapping the next one.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RecurringJobFiring(JobRunner runner, IServiceScopeFactory scopes, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.MergedJobDataMap.TryGetValue(JobTriggers.RecurringNameKey, out var value) ? value as string : null;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var run = new JobRun
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Status = JobStatus.Queued,
            MaxAttempts = 1,
            Args = "{}",
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            db.Runs.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        await runner.RunAsync(run.Id, recovering: false, context.ScheduledFireTimeUtc, context.Scheduler, cancellationToken);
    }
}
