using System.Diagnostics.CodeAnalysis;
using Atrium.Platform.Jobs;
using Atrium.Platform.Jobs.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>
/// Two replicas (two real hosts, each with its own Quartz scheduler and instance id) share one
/// PostgreSQL database and declare the same every-second schedule: each fire time runs once.
/// SQLite is the one-process embedded default (Quartz refuses to cluster on it), so this is PostgreSQL's.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class RecurringJobTests_Postgres : IAsyncLifetime
{
    private readonly JobsPostgresApp _first = new();
    private JobsPostgresApp? _second;

    public async Task InitializeAsync()
    {
        _first.ExtraServices.Add(s => s.AddRecurringJob<TickJob>("test.tick", "* * * * * ?"));
        await _first.InitializeAsync();
        _second = _first.SameDatabase();
        _second.ExtraServices.Add(s => s.AddRecurringJob<TickJob>("test.tick", "* * * * * ?"));
        await _second.InitializeAsync();
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
    public async Task A_schedule_shared_by_two_replicas_fires_once_per_fire_time()
    {
        await JobsApp.EventuallyAsync(() => Task.FromResult(TickJob.Ticks.Select(t => t.At).Distinct().Count() >= 6),
            "six fire times of the every-second schedule");

        // Both replicas' schedulers are running (each keeps its own heartbeat), not just one of them.
        await using (var scope = _first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            Assert.Equal(2, await db.Workers.CountAsync());
        }

        var ticks = TickJob.Ticks.ToList();
        var twice = ticks.GroupBy(t => t.At).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"Fired more than once for {string.Join(", ", twice)}");
        Assert.DoesNotContain(ticks, t => t.At == default);
    }
}
