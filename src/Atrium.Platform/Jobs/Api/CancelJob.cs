using System.Reflection;
using Atrium.Platform.Jobs.Data;
using Microsoft.AspNetCore.Http.Metadata;
using Quartz;

namespace Atrium.Platform.Jobs.Api;

/// <summary>409: the job already finished, so there is nothing to cancel.</summary>
public sealed class JobFinishedError() : ApiError(StatusCodes.Status409Conflict, ErrorBody.For("job", "has already finished")), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

public static class CancelJob
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/jobs/{id:guid}", HandleAsync).WithName(nameof(CancelJob));

    /// <summary>
    /// A waiting job is cancelled at once and never runs (the claim in JobRunner only takes waiting
    /// records); a running one is asked to stop: its token fires within CancellationPollInterval.
    /// </summary>
    public static async Task<Results<Accepted<JobEnvelope>, NotFoundError, JobFinishedError>> HandleAsync(
        Guid id, JobsDbContext db, JobRuns runs, ISchedulerFactory schedulers, CurrentUser caller, TimeProvider clock, CancellationToken ct)
    {
        var owner = caller.RequiredId;
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var waiting = await db.Runs
            .Where(r => r.Id == id && r.OwnerId == owner && (r.Status == JobStatus.Queued || r.Status == JobStatus.Retrying))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobStatus.Cancelled)
                .SetProperty(r => r.CancelRequested, true)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.UpdatedAt, now)
                .SetProperty(r => r.FinishedAt, now), ct);
        if (waiting > 0)
        {
            // Tidy only: a trigger left behind finds the record cancelled and does nothing.
            var attempt = await db.Runs.Where(r => r.Id == id).Select(r => r.Attempt).FirstAsync(ct);
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.UnscheduleJob(JobTriggers.ForAttempt(id, attempt + 1), ct);
        }
        else
        {
            await db.Runs.Where(r => r.Id == id && r.OwnerId == owner && r.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true).SetProperty(r => r.UpdatedAt, now), ct);
        }

        var job = await runs.FindForOwnerAsync(id, owner, ct);
        if (job is null)
        {
            return new NotFoundError("job");
        }

        return job.Status is JobStatus.Succeeded or JobStatus.Dead || (job.Status == JobStatus.Cancelled && waiting == 0)
            ? new JobFinishedError()
            : TypedResults.Accepted($"/api/jobs/{id}", new JobEnvelope(job));
    }
}
