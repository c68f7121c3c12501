using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Jobs;

/// <summary>
/// Makes "no worker" visible: unhealthy when jobs are due and no worker has sent a heartbeat within
/// <c>WorkerTimeout</c> (they would sit at 0 % forever), degraded when there is no worker but nothing waits.
/// </summary>
internal sealed class JobsHealthCheck(JobsDbContext db, IOptions<JobsOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - options.Value.WorkerTimeout;
        var workers = await db.Workers.CountAsync(w => w.LastSeenAt >= since, cancellationToken);
        var due = await db.Runs.CountAsync(r => (r.Status == JobStatus.Queued || r.Status == JobStatus.Retrying)
            && (r.NextAttemptAt == null || r.NextAttemptAt <= now), cancellationToken);
        var data = new Dictionary<string, object> { ["workers"] = workers, ["due"] = due };
        if (workers > 0)
        {
            return HealthCheckResult.Healthy($"{workers} worker(s) alive", data);
        }

        return due > 0
            ? HealthCheckResult.Unhealthy($"{due} job(s) due and no worker seen for {options.Value.WorkerTimeout}", data: data)
            : HealthCheckResult.Degraded("No worker is running", data: data);
    }
}
