using System.Text.Json;
using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.Options;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>
/// Writes the record, then the Quartz trigger (both in the database, so both survive a restart). They
/// are two stores' writes: when the trigger cannot be written the record is removed again, so an
/// enqueue either fully happens or throws.
/// </summary>
internal sealed class JobQueue(
    JobsDbContext db, JobCatalog catalog, ISchedulerFactory schedulers, RunJobStore runJob, IOptions<JobsOptions> options, TimeProvider clock) : IJobQueue
{
    public async Task<Guid> EnqueueAsync<TJob, TArgs>(TArgs args, Guid? ownerId = null, CancellationToken cancellationToken = default)
        where TJob : class, IBackgroundJob<TArgs>
    {
        var definition = catalog.For(typeof(TJob));
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var run = new JobRun
        {
            Id = Guid.CreateVersion7(),
            Name = definition.Name,
            OwnerId = ownerId,
            Status = JobStatus.Queued,
            MaxAttempts = definition.MaxAttempts ?? options.Value.MaxAttempts,
            Args = JsonSerializer.Serialize(args, JobCatalog.ArgsJson),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await runJob.EnsureAsync(scheduler, cancellationToken);
            await scheduler.ScheduleJob(JobTriggers.Attempt(run.Id, 1, clock.GetUtcNow()), new ScheduleJobOptions(), cancellationToken);
        }
        catch
        {
            db.Runs.Remove(run);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        return run.Id;
    }
}
