using Atrium.Platform.Jobs.Api;
using Atrium.Platform.Jobs.Data;

namespace Atrium.Platform.Jobs;

/// <summary>Read access to job records for modules that start jobs and answer with their state.</summary>
public sealed class JobRuns(JobsDbContext db)
{
    /// <summary>The job as its owner sees it, or null when it does not exist or belongs to someone else.</summary>
    public async Task<JobView?> FindForOwnerAsync(Guid id, Guid ownerId, CancellationToken ct) =>
        await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == ownerId, ct) is { } run
            ? JobView.From(run)
            : null;

    /// <summary>How many jobs of <paramref name="name"/> the owner has waiting or running.</summary>
    public Task<int> CountActiveAsync(string name, Guid ownerId, CancellationToken ct) =>
        db.Runs.CountAsync(r => r.Name == name && r.OwnerId == ownerId
            && (r.Status == JobStatus.Queued || r.Status == JobStatus.Running || r.Status == JobStatus.Retrying), ct);
}
