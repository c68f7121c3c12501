using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>Enqueue → run → outcome, through the real scheduler and database, watched as the owner sees it.</summary>
public abstract class BackgroundJobTests(JobsApp app)
{
    [Fact]
    public async Task A_job_runs_to_success_and_its_progress_is_visible_on_the_way()
    {
        var owner = await app.RegisterAsync();
        var gate = Guid.NewGuid();
        var id = await app.EnqueueAsync<GateJob, GateArgs>(new GateArgs(gate), JobsApp.UserId(owner));

        var halfway = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (int)j["progress"]! == 50);
        Assert.Equal("running", (string?)halfway["status"]);
        Assert.Equal("halfway", (string?)halfway["message"]);
        Assert.Equal("test.gate", (string?)halfway["name"]);
        Assert.Equal(1, (int)halfway["attempt"]!);

        GateJob.Open(gate);
        var done = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "succeeded");
        Assert.Equal(100, (int)done["progress"]!);
        Assert.NotNull(done["finishedAt"]);
        Assert.Null(done["error"]);
        Assert.Null(done["resultUrl"]);
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_backoff_then_dead_with_its_last_error()
    {
        var owner = await app.RegisterAsync();
        var id = await app.EnqueueAsync<FailingJob, FailingArgs>(new FailingArgs(Failures: 10), JobsApp.UserId(owner));

        var retrying = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "retrying");
        Assert.NotNull(retrying["nextAttemptAt"]);
        Assert.Equal("InvalidOperationException: boom on attempt 1", (string?)retrying["error"]);

        var dead = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "dead");
        Assert.Equal(3, (int)dead["attempt"]!);
        Assert.Equal(3, (int)dead["maxAttempts"]!);
        Assert.Equal("InvalidOperationException: boom on attempt 3", (string?)dead["error"]);
        Assert.Null(dead["nextAttemptAt"]);
    }

    [Fact]
    public async Task A_job_that_fails_once_succeeds_on_its_retry()
    {
        var owner = await app.RegisterAsync();
        var id = await app.EnqueueAsync<FailingJob, FailingArgs>(new FailingArgs(Failures: 1), JobsApp.UserId(owner));

        var done = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] is "succeeded" or "dead");
        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.Equal(2, (int)done["attempt"]!);
        Assert.Null(done["error"]);
    }

    [Fact]
    public async Task Cancelling_a_running_job_fires_its_token_and_marks_it_cancelled()
    {
        var owner = await app.RegisterAsync();
        var gate = Guid.NewGuid();
        var id = await app.EnqueueAsync<GateJob, GateArgs>(new GateArgs(gate), JobsApp.UserId(owner));
        await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "running");

        var response = await owner.Client().DeleteAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var cancelled = await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] != "running");
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.True(GateJob.SawCancellation.ContainsKey(gate));
        // Finished is finished: a second cancellation is refused.
        await (await owner.Client().DeleteAsync($"/api/jobs/{id}")).AssertErrorAsync(HttpStatusCode.Conflict, "job", "has already finished");
    }

    [Fact]
    public async Task A_job_is_visible_and_cancellable_only_by_its_owner()
    {
        var owner = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        var gate = Guid.NewGuid();
        var id = await app.EnqueueAsync<GateJob, GateArgs>(new GateArgs(gate), JobsApp.UserId(owner));

        await (await other.Client().GetAsync($"/api/jobs/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "job");
        await (await other.Client().DeleteAsync($"/api/jobs/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "job");
        await (await other.Client().GetAsync($"/api/jobs/{id}/result")).AssertErrorAsync(HttpStatusCode.NotFound, "result");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/jobs/{id}")).StatusCode);
        await (await owner.Client().GetAsync($"/api/jobs/{Guid.NewGuid()}")).AssertErrorAsync(HttpStatusCode.NotFound, "job");

        GateJob.Open(gate);
        await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "succeeded");
    }
}

public sealed class BackgroundJobTests_Sqlite(JobsSqliteApp app) : BackgroundJobTests(app), IClassFixture<JobsSqliteApp>;

public sealed class BackgroundJobTests_Postgres(JobsPostgresApp app) : BackgroundJobTests(app), IClassFixture<JobsPostgresApp>;
