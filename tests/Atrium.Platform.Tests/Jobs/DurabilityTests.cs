using System.Net;
using Atrium.Platform.Jobs;
using Atrium.Platform.Jobs.Data;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>
/// A restart loses nothing: a host without a worker enqueues and is disposed; a second host on the
/// same database finishes the work. Meanwhile the readiness check says that nothing would run it.
/// </summary>
public abstract class DurabilityTests
{
    protected abstract JobsApp NewApp();

    protected abstract JobsApp SameDatabase(JobsApp app);

    [Fact]
    public async Task A_job_enqueued_before_a_restart_is_run_by_the_next_host()
    {
        var first = NewApp();
        first.Settings["Atrium:Jobs:RunWorker"] = "false";
        await first.InitializeAsync();
        var owner = await first.RegisterAsync();
        var key = Guid.NewGuid();
        var id = await first.EnqueueAsync<CountingJob, CountingArgs>(new CountingArgs(key), JobsApp.UserId(owner));
        var queued = await JobsApp.WaitForJobAsync(owner.Client(), id, _ => true);
        Assert.Equal("queued", (string?)queued["status"]);

        // No worker and a job waiting: /health says why, while this API-only replica stays ready to serve.
        var health = await first.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("no worker seen", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health/ready")).StatusCode);
        var second = SameDatabase(first);
        await first.DisposeAsync();
        Assert.False(CountingJob.Runs.ContainsKey(key));

        await second.InitializeAsync();
        try
        {
            var client = second.ClientWithToken(owner.Token);
            var done = await JobsApp.WaitForJobAsync(client, id, j => (string?)j["status"] == "succeeded");
            Assert.Equal(1, (int)done["attempt"]!);
            Assert.Equal(1, CountingJob.Runs[key]);
            await JobsApp.EventuallyAsync(async () => (await second.CreateClient().GetAsync("/health")).StatusCode == HttpStatusCode.OK,
                "the worker's heartbeat to make the jobs check healthy");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_job_running_when_its_host_stops_resumes_on_the_next_host()
    {
        var first = NewApp();
        await first.InitializeAsync();
        var owner = await first.RegisterAsync();
        var gate = Guid.NewGuid();
        var id = await first.EnqueueAsync<GateJob, GateArgs>(new GateArgs(gate), JobsApp.UserId(owner));
        await JobsApp.WaitForJobAsync(owner.Client(), id, j => (int)j["progress"]! == 50);

        var second = SameDatabase(first);
        await first.DisposeAsync();
        Assert.True(GateJob.SawCancellation.ContainsKey(gate));

        await second.InitializeAsync();
        try
        {
            var client = second.ClientWithToken(owner.Token);
            await JobsApp.WaitForJobAsync(client, id, j => (string?)j["status"] == "running" && (int)j["attempt"]! == 2);
            GateJob.Open(gate);
            var done = await JobsApp.WaitForJobAsync(client, id, j => (string?)j["status"] == "succeeded");
            Assert.Equal(2, (int)done["attempt"]!);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_recurring_run_interrupted_by_a_shutdown_ends_cancelled_instead_of_waiting_as_queued()
    {
        var first = NewApp();
        first.ExtraServices.Add(s => s.AddRecurringJob<StuckTickJob>("test.stuck", "* * * * * ?"));
        await first.InitializeAsync();
        await JobsApp.EventuallyAsync(async () => await RunsAsync(first, JobStatus.Running) > 0, "a recurring run to start");

        var second = SameDatabase(first);
        second.Settings["Atrium:Jobs:RunWorker"] = "false";
        await first.DisposeAsync();
        await second.InitializeAsync();
        try
        {
            Assert.Equal(0, await RunsAsync(second, JobStatus.Queued));
            Assert.Equal(0, await RunsAsync(second, JobStatus.Running));
            Assert.True(await RunsAsync(second, JobStatus.Cancelled) > 0);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task<int> RunsAsync(JobsApp app, string status)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobsDbContext>().Runs
            .CountAsync(r => r.Name == "test.stuck" && r.Status == status);
    }

    [Fact]
    public async Task A_job_cancelled_while_queued_never_runs()
    {
        var first = NewApp();
        first.Settings["Atrium:Jobs:RunWorker"] = "false";
        await first.InitializeAsync();
        var owner = await first.RegisterAsync();
        var cancelledKey = Guid.NewGuid();
        var laterKey = Guid.NewGuid();
        var cancelled = await first.EnqueueAsync<CountingJob, CountingArgs>(new CountingArgs(cancelledKey), JobsApp.UserId(owner));
        var response = await owner.Client().DeleteAsync($"/api/jobs/{cancelled}");
        var json = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("cancelled", (string?)json["job"]!["status"]);
        Assert.Equal($"/api/jobs/{cancelled}", response.Headers.Location?.OriginalString);
        var later = await first.EnqueueAsync<CountingJob, CountingArgs>(new CountingArgs(laterKey), JobsApp.UserId(owner));
        var second = SameDatabase(first);
        await first.DisposeAsync();

        await second.InitializeAsync();
        try
        {
            var client = second.ClientWithToken(owner.Token);
            // Jobs run in order of their triggers: once the later one is done, the cancelled one had its chance.
            await JobsApp.WaitForJobAsync(client, later, j => (string?)j["status"] == "succeeded");
            var final = await JobsApp.WaitForJobAsync(client, cancelled, _ => true);
            Assert.Equal("cancelled", (string?)final["status"]);
            Assert.Equal(0, (int)final["attempt"]!);
            Assert.False(CountingJob.Runs.ContainsKey(cancelledKey));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}

public sealed class DurabilityTests_Sqlite : DurabilityTests
{
    protected override JobsApp NewApp() => new JobsSqliteApp();

    protected override JobsApp SameDatabase(JobsApp app) => ((JobsSqliteApp)app).SameDatabase();
}

public sealed class DurabilityTests_Postgres : DurabilityTests
{
    protected override JobsApp NewApp() => new JobsPostgresApp();

    protected override JobsApp SameDatabase(JobsApp app) => ((JobsPostgresApp)app).SameDatabase();
}
