using Atrium.Platform.Jobs.Api;
using Atrium.Platform.Jobs.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Jobs;

/// <summary>
/// <c>/hubs/jobs</c>: pushes <see cref="JobUpdates.Event"/> with the job (as <c>GET /api/jobs/{id}</c>
/// shows it) to its owner's connections whenever its status or progress changes. Signed-in callers
/// only; nothing to call: every connection of an account receives its own jobs, and only those.
/// </summary>
public sealed class JobsHub : Hub;

/// <summary>Tells a job's owner, live, what the runner just recorded. Best effort: the record is the truth.</summary>
internal sealed partial class JobUpdates(IServiceScopeFactory scopes, IHubContext<JobsHub> hub, ILogger<JobUpdates> logger)
{
    public const string Event = "jobUpdated";

    public async Task PublishAsync(Guid runId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            // Recurring and system jobs have no owner: nobody to tell, and no read beyond this one.
            var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.OwnerId != null);
            if (run?.OwnerId is { } owner)
            {
                await hub.Clients.User(owner.ToString()).SendAsync(Event, JobView.From(run));
            }
        }
#pragma warning disable CA1031 // A push that fails (Redis down, database busy) must never fail the job itself.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPushFailed(e, runId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push the update of job {RunId}")]
    private partial void LogPushFailed(Exception exception, Guid runId);
}
