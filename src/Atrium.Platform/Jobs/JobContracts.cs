namespace Atrium.Platform.Jobs;

// Placeholder of the jobs contract (the implementation lands with the jobs service); replaced on merge.
public interface IBackgroundJob<TArgs>
{
    Task RunAsync(TArgs args, JobContext context, CancellationToken cancellationToken);
}

public sealed class JobContext
{
    public Guid JobId { get; }

    public Guid? OwnerId { get; }

    public int Attempt { get; }

    public Func<int, string?, CancellationToken, Task> Progress { get; init; } = (_, _, _) => Task.CompletedTask;

    public Task ReportProgressAsync(int percent, string? message, CancellationToken cancellationToken = default) =>
        Progress(percent, message, cancellationToken);
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public interface IJobQueue
{
    Task<Guid> EnqueueAsync<TJob, TArgs>(TArgs args, Guid? ownerId = null, CancellationToken cancellationToken = default)
        where TJob : class, IBackgroundJob<TArgs>;
}

/// <summary>Placeholder until the durable queue lands: runs the job on the thread pool, once, in its own scope.</summary>
internal sealed class ThreadPoolJobQueue(Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes) : IJobQueue
{
    public Task<Guid> EnqueueAsync<TJob, TArgs>(TArgs args, Guid? ownerId = null, CancellationToken cancellationToken = default)
        where TJob : class, IBackgroundJob<TArgs>
    {
        var id = Guid.CreateVersion7();
        _ = Task.Run(async () =>
        {
            await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(scopes);
            var job = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TJob>(scope.ServiceProvider);
            await job.RunAsync(args, new JobContext(), CancellationToken.None);
        }, CancellationToken.None);
        return Task.FromResult(id);
    }
}
