using System.Data.Common;
using System.Diagnostics;
using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>
/// Runs one attempt of a job record: claims it (only a queued or retrying record can be claimed, so a
/// cancelled job never starts and a trigger fired twice runs once), runs the job in its own scope,
/// watches for cancellation, then records success, a retry with exponential backoff, or death.
/// </summary>
internal sealed partial class JobRunner(
    IServiceScopeFactory scopes,
    JobCatalog catalog,
    JobsNode node,
    JobResultFiles files,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    JobsMetrics metrics,
    JobUpdates updates,
    ILogger<JobRunner> logger)
{
    public async Task RunAsync(Guid runId, bool recovering, DateTimeOffset? scheduledFor, IScheduler scheduler, CancellationToken shutdown)
    {
        var run = await ClaimAsync(runId, recovering, shutdown);
        if (run is null)
        {
            return;
        }

        await updates.PublishAsync(run.Id);

        var invoke = catalog.Find(run.Name);
        if (invoke is null)
        {
            await FinishAsync(run.Id, JobStatus.Dead, $"No job named '{run.Name}' is registered on this worker.", null, CancellationToken.None);
            metrics.Died(run.Name);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var stopWatching = new CancellationTokenSource();
        var watcher = WatchForCancellationAsync(run.Id, cancel, stopWatching.Token);
        var context = new JobContext(run.Id, run.OwnerId, run.Attempt, scheduledFor, files.Root,
            (percent, message, ct) => ReportAsync(run.Id, percent, message, ct));
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        var cancelled = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await invoke(scope.ServiceProvider, run.Args, context, cancel.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            await stopWatching.CancelAsync();
            await watcher;
            if (scheduledFor is null)
            {
                // Quartz hands an interrupted firing back for recovery (RequestRecovery): the record waits for it.
                await SetStatusAsync(run.Id, JobStatus.Queued, "interrupted by a shutdown; resumes on a worker", CancellationToken.None);
            }
            else
            {
                // A recurring firing is not recovered (its next firing makes a new record): this one ends here,
                // rather than waiting as "queued" for ever and counting as due work in the health check.
                await FinishAsync(run.Id, JobStatus.Cancelled, "interrupted by a shutdown; the next firing runs again", null, CancellationToken.None);
            }

            throw;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watcher;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        // A job that finished despite a cancellation request has finished: only one that stopped is cancelled.
        if (cancelled)
        {
            await FinishAsync(run.Id, JobStatus.Cancelled, null, null, CancellationToken.None);
            metrics.Finished(run.Name, JobStatus.Cancelled, elapsed);
        }
        else if (failure is null)
        {
            await FinishAsync(run.Id, JobStatus.Succeeded, null, context.ResultFile, CancellationToken.None);
            metrics.Finished(run.Name, JobStatus.Succeeded, elapsed);
        }
        else
        {
            await FailAsync(run, failure, elapsed, scheduler);
        }
    }

    private async Task<JobRun?> ClaimAsync(Guid runId, bool recovering, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = Now();
        var claimed = await db.Runs
            .Where(r => r.Id == runId && (r.Status == JobStatus.Queued || r.Status == JobStatus.Retrying
                || (recovering && r.Status == JobStatus.Running)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobStatus.Running)
                .SetProperty(r => r.Attempt, r => r.Attempt + 1)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.UpdatedAt, now)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.Worker, node.InstanceId), ct);
        return claimed == 0 ? null : await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, ct);
    }

    private async Task FailAsync(JobRun run, Exception failure, TimeSpan elapsed, IScheduler scheduler)
    {
        metrics.Failed(run.Name);
        var error = Describe(failure);
        LogAttemptFailed(failure, run.Name, run.Id, run.Attempt, run.MaxAttempts);
        if (run.Attempt >= run.MaxAttempts)
        {
            await FinishAsync(run.Id, JobStatus.Dead, error, null, CancellationToken.None);
            metrics.Died(run.Name);
            metrics.Finished(run.Name, JobStatus.Dead, elapsed);
            return;
        }

        var next = clock.GetUtcNow() + Backoff(run.Attempt, options.Value);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            var nextAt = next.UtcDateTime.TruncateToMilliseconds();
            var now = Now();
            await db.Runs.Where(r => r.Id == run.Id && r.Status == JobStatus.Running).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobStatus.Retrying)
                .SetProperty(r => r.LastError, error)
                .SetProperty(r => r.NextAttemptAt, nextAt)
                .SetProperty(r => r.UpdatedAt, now));
        }

        await updates.PublishAsync(run.Id);

        try
        {
            await scheduler.ScheduleJob(JobTriggers.Attempt(run.Id, run.Attempt + 1, next), new ScheduleJobOptions());
            metrics.Retried(run.Name);
        }
        catch (SchedulerException e)
        {
            LogRetryNotScheduled(e, run.Id);
            await FinishAsync(run.Id, JobStatus.Dead, error, null, CancellationToken.None);
            metrics.Died(run.Name);
        }
    }

    /// <summary>base × 2^(attempt−1), capped: 10 s, 20 s, 40 s… with the defaults.</summary>
    public static TimeSpan Backoff(int attempt, JobsOptions options)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromMilliseconds(options.RetryBaseDelay.TotalMilliseconds * factor);
        return delay > options.RetryMaxDelay ? options.RetryMaxDelay : delay;
    }

    // Owners see this: the exception's type and message, never a stack trace.
    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= JobRun.MaxErrorLength ? text : text[..JobRun.MaxErrorLength];
    }

    private async Task FinishAsync(Guid runId, string status, string? error, string? resultPath, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = Now();
        var succeeded = status == JobStatus.Succeeded;
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Progress, r => succeeded ? 100 : r.Progress)
            .SetProperty(r => r.LastError, r => succeeded ? null : error ?? r.LastError)
            .SetProperty(r => r.ResultPath, resultPath)
            .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
            .SetProperty(r => r.UpdatedAt, now)
            .SetProperty(r => r.FinishedAt, now), ct);
        await updates.PublishAsync(runId);
    }

    private async Task SetStatusAsync(Guid runId, string status, string message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = Now();
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Message, message)
            .SetProperty(r => r.UpdatedAt, now), ct);
        await updates.PublishAsync(runId);
    }

    private async Task ReportAsync(Guid runId, int percent, string? message, CancellationToken ct)
    {
        if (message is { Length: > JobRun.MaxMessageLength })
        {
            message = message[..JobRun.MaxMessageLength];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = Now();
        await db.Runs.Where(r => r.Id == runId && r.Status == JobStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Progress, percent)
            .SetProperty(r => r.Message, message)
            .SetProperty(r => r.UpdatedAt, now), ct);
        await updates.PublishAsync(runId);
    }

    // A cancellation may be requested on any replica, so the flag is read from the record.
    private async Task WatchForCancellationAsync(Guid runId, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.Value.CancellationPollInterval, clock, stop);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
                if (await db.Runs.AnyAsync(r => r.Id == runId && r.CancelRequested, stop))
                {
                    await cancel.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended first.
        }
        catch (DbException e)
        {
            LogWatchFailed(e, runId);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Name} ({RunId}) attempt {Attempt} of {MaxAttempts} failed")]
    private partial void LogAttemptFailed(Exception exception, string name, Guid runId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not schedule the retry of job {RunId}; it is dead")]
    private partial void LogRetryNotScheduled(Exception exception, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped watching job {RunId} for cancellation")]
    private partial void LogWatchFailed(Exception exception, Guid runId);
}
