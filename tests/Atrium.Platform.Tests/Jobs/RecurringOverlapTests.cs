using System.Diagnostics.CodeAnalysis;
using Atrium.Platform.Jobs;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>
/// A recurring job never overlaps itself, even when a second replica joins while a run is in progress
/// (a scheduler outside the cluster would reset the running firing's state when it starts and run it again).
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class RecurringOverlapTests_Postgres : IAsyncLifetime
{
    private readonly JobsPostgresApp _first = new();
    private JobsPostgresApp? _second;

    public async Task InitializeAsync()
    {
        _first.ExtraServices.Add(s => s.AddRecurringJob<SlowTickJob>("test.slow", "* * * * * ?"));
        await _first.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_replica_joining_mid_run_does_not_start_the_same_recurring_job_again()
    {
        await JobsApp.EventuallyAsync(() => Task.FromResult(SlowTickJob.Running == 1), "the first run to start");
        _second = _first.SameDatabase();
        _second.ExtraServices.Add(s => s.AddRecurringJob<SlowTickJob>("test.slow", "* * * * * ?"));
        await _second.InitializeAsync();

        await JobsApp.EventuallyAsync(() => Task.FromResult(SlowTickJob.Completed >= 5), "five runs");
        Assert.Equal(1, SlowTickJob.MaxRunning);
    }
}
