using System.Collections.Concurrent;
using Atrium.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>Jobs the tests drive. Static state is keyed by a per-test id, so test classes running in parallel never meet.</summary>
public static class TestJobs
{
    public static void Register(IServiceCollection services)
    {
        services.AddBackgroundJob<GateJob, GateArgs>("test.gate");
        services.AddBackgroundJob<FailingJob, FailingArgs>("test.failing", maxAttempts: 3);
        services.AddBackgroundJob<CountingJob, CountingArgs>("test.counting");
    }
}

public sealed record GateArgs(Guid Gate);

/// <summary>Reports 50 %, then waits until the test opens its gate (or the job is cancelled).</summary>
public sealed class GateJob : IBackgroundJob<GateArgs>
{
    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Gates = new();

    public static ConcurrentDictionary<Guid, bool> SawCancellation { get; } = new();

    public static void Open(Guid gate) => Gates.GetOrAdd(gate, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task RunAsync(GateArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(args.Gate, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await context.ReportProgressAsync(50, "halfway", cancellationToken);
            await gate.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            SawCancellation[args.Gate] = true;
            throw;
        }
    }
}

public sealed record FailingArgs(int Failures);

/// <summary>Throws on its first <c>Failures</c> attempts.</summary>
public sealed class FailingJob : IBackgroundJob<FailingArgs>
{
    public Task RunAsync(FailingArgs args, JobContext context, CancellationToken cancellationToken) =>
        context.Attempt <= args.Failures
            ? throw new InvalidOperationException($"boom on attempt {context.Attempt}")
            : Task.CompletedTask;
}

public sealed record CountingArgs(Guid Key);

/// <summary>Counts its runs, so a test can tell that a job never ran.</summary>
public sealed class CountingJob : IBackgroundJob<CountingArgs>
{
    public static ConcurrentDictionary<Guid, int> Runs { get; } = new();

    public Task RunAsync(CountingArgs args, JobContext context, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate(args.Key, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>A recurring job that records which fire time it ran for, and on which node.</summary>
public sealed class TickJob(JobsNode node) : IBackgroundJob<NoArgs>
{
    // Only the cluster test registers this job.
    public static ConcurrentBag<(DateTimeOffset At, string Node)> Ticks { get; } = [];

    public Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        Ticks.Add((context.ScheduledFor ?? default, node.InstanceId));
        return Task.CompletedTask;
    }
}

/// <summary>A recurring job slower than its schedule, which counts how many of its runs overlap.</summary>
public sealed class SlowTickJob : IBackgroundJob<NoArgs>
{
    private static int _running;
    private static int _maxRunning;
    private static int _completed;

    public static int Running => Volatile.Read(ref _running);

    public static int MaxRunning => Volatile.Read(ref _maxRunning);

    public static int Completed => Volatile.Read(ref _completed);

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _running);
        for (var seen = MaxRunning; now > seen; seen = MaxRunning)
        {
            Interlocked.CompareExchange(ref _maxRunning, now, seen);
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            Interlocked.Increment(ref _completed);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

/// <summary>A recurring job that runs until it is cancelled (a shutdown, in the tests).</summary>
public sealed class StuckTickJob : IBackgroundJob<NoArgs>
{
    public Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken);
}
