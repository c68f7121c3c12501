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
