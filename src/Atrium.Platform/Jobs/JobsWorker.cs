using System.Data.Common;
using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>
/// Starts this process's share of the work once the jobs schema exists (production migrates by
/// command, possibly after replicas started): the recurring schedules, the Quartz scheduler, and
/// the heartbeat that tells the health check a worker is alive. With <c>RunWorker=false</c> none of it
/// runs: the scheduler stays in standby, able to enqueue, never to execute.
/// </summary>
internal sealed partial class JobsWorker(
    IServiceScopeFactory scopes,
    ISchedulerFactory schedulers,
    JobCatalog catalog,
    RunJobStore runJob,
    JobsNode node,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<JobsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorker)
        {
            return;
        }

        try
        {
            await WaitForSchemaAsync(stoppingToken);
            var scheduler = await schedulers.GetScheduler(stoppingToken);
            await runJob.EnsureAsync(scheduler, stoppingToken);
            await EnsureRecurringSchedulesAsync(scheduler, stoppingToken);
            await scheduler.Start(stoppingToken);
            LogStarted(node.InstanceId);
            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(stoppingToken);
                await Task.Delay(options.Value.HeartbeatInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.RunWorker)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            await db.Workers.Where(w => w.InstanceId == node.InstanceId).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException)
        {
            // The heartbeat simply ages out.
        }
    }

    private async Task WaitForSchemaAsync(CancellationToken ct)
    {
        for (var logged = false; ; )
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
                if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any())
                {
                    return;
                }
            }
            catch (DbException)
            {
                // The database may not be reachable yet either.
            }

            if (!logged)
            {
                LogWaitingForSchema();
                logged = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
            var updated = await db.Workers.Where(w => w.InstanceId == node.InstanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, now), ct);
            if (updated == 0)
            {
                db.Workers.Add(new JobWorker { InstanceId = node.InstanceId, StartedAt = now, LastSeenAt = now });
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            LogHeartbeatFailed(e);
        }
    }

    // Every replica declares the same schedules; one that is already stored unchanged is left alone,
    // since replacing it under a replica that is firing it could fire it twice.
    private async Task EnsureRecurringSchedulesAsync(IScheduler scheduler, CancellationToken ct)
    {
        foreach (var schedule in catalog.Recurring)
        {
            var triggerKey = new TriggerKey(schedule.Name, JobTriggers.RecurringGroup);
            if (await scheduler.GetTrigger(triggerKey, ct) is ICronTrigger existing && existing.CronExpressionString == schedule.Cron)
            {
                continue;
            }

            var jobKey = JobTriggers.Recurring(schedule.Name);
            var job = JobBuilder.Create<RecurringJobFiring>()
                .WithIdentity(jobKey)
                .UsingJobData(JobTriggers.RecurringNameKey, schedule.Name)
                .StoreDurably()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(jobKey)
                .WithCronSchedule(schedule.Cron)
                .Build();
            try
            {
                await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another replica stored it at the same moment.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobs worker {InstanceId} started")]
    private partial void LogStarted(string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jobs worker waits for the jobs schema to be migrated")]
    private partial void LogWaitingForSchema();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jobs worker heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception exception);
}
