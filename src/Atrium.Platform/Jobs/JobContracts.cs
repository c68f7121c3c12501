using System.Diagnostics.CodeAnalysis;

namespace Atrium.Platform.Jobs;

/// <summary>
/// A unit of background work. <typeparamref name="TArgs"/> (a record) is stored as JSON when the job is
/// enqueued; the job runs in its own DI scope, possibly on another replica, possibly after a restart.
/// </summary>
public interface IBackgroundJob<TArgs>
{
    Task RunAsync(TArgs args, JobContext context, CancellationToken cancellationToken);
}

/// <summary>Enqueues background jobs: the record and the schedule are both durable once this returns.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue; the name is the platform's public contract.")]
public interface IJobQueue
{
    Task<Guid> EnqueueAsync<TJob, TArgs>(TArgs args, Guid? ownerId = null, CancellationToken cancellationToken = default)
        where TJob : class, IBackgroundJob<TArgs>;
}

/// <summary>The arguments of a recurring job, which has none: recurring jobs implement <c>IBackgroundJob&lt;NoArgs&gt;</c>.</summary>
public sealed record NoArgs
{
    public static readonly NoArgs Value = new();
}
