using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>
/// How job records map onto Quartz: one durable Quartz job runs every record; each attempt of a
/// record is a one-shot trigger named <c>{id}.{attempt}</c>, so a cancellation knows which to remove.
/// </summary>
internal static class JobTriggers
{
    public const string RunIdKey = "runId";
    public const string RecurringNameKey = "name";
    public const string RecurringGroup = "atrium-recurring";

    public static readonly JobKey RunJob = new("run", "atrium");

    public static TriggerKey ForAttempt(Guid runId, int attempt) => new($"{runId:N}.{attempt}", "atrium-runs");

    public static ITrigger Attempt(Guid runId, int attempt, DateTimeOffset at) =>
        TriggerBuilder.Create()
            .WithIdentity(ForAttempt(runId, attempt))
            .ForJob(RunJob)
            .UsingJobData(RunIdKey, runId.ToString())
            .StartAt(at)
            .Build();

    public static JobKey Recurring(string name) => new(name, RecurringGroup);
}

/// <summary>
/// Stores the durable Quartz job every record's triggers point at, once per process, on first need:
/// not from AddQuartz, which would write it while the scheduler is built, before migrations ran.
/// </summary>
internal sealed class RunJobStore
{
    private volatile bool _stored;

    public async Task EnsureAsync(IScheduler scheduler, CancellationToken ct)
    {
        if (_stored)
        {
            return;
        }

        if (await scheduler.GetJobDetail(JobTriggers.RunJob, ct) is null)
        {
            var job = JobBuilder.Create<RunJobFiring>().WithIdentity(JobTriggers.RunJob).StoreDurably().RequestRecovery().Build();
            try
            {
                await scheduler.AddJob(job, new AddJobOptions(), ct);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another replica stored it at the same moment.
            }
        }

        _stored = true;
    }
}
