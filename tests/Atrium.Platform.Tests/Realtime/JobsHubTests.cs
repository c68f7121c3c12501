using System.Net;
using System.Text.Json.Nodes;
using Atrium.Platform.Tests.Jobs;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Realtime;

/// <summary><c>/hubs/jobs</c> through a real socket: a job's owner hears each status and progress change, nobody else does.</summary>
public abstract class JobsHubTests(JobsApp app)
{
    [Fact]
    public async Task The_owner_hears_the_job_start_progress_and_finish_as_GET_shows_it()
    {
        var owner = await app.RegisterAsync("owner");
        var stranger = await app.RegisterAsync("stranger");
        var server = app.ClientOptions.BaseAddress;
        await using var ownerHub = await HubClients.ConnectAsync(server, "jobs", owner.Token);
        await using var strangerHub = await HubClients.ConnectAsync(server, "jobs", stranger.Token);
        var heard = ownerHub.Listen("jobUpdated");
        var strangerHeard = strangerHub.Listen("jobUpdated");
        var gate = Guid.NewGuid();

        var id = await app.EnqueueAsync<GateJob, GateArgs>(new GateArgs(gate), JobsApp.UserId(owner));

        var started = await heard.NextAsync("the job's start");
        Assert.Equal(id, started.GetProperty("id").GetGuid());
        Assert.Equal("running", started.GetProperty("status").GetString());
        var halfway = await heard.NextAsync("the job's progress");
        Assert.Equal(50, halfway.GetProperty("progress").GetInt32());
        Assert.Equal("halfway", halfway.GetProperty("message").GetString());

        GateJob.Open(gate);
        var done = await heard.NextAsync("the job's end");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        var shown = (await (await owner.Client().GetAsync($"/api/jobs/{id}")).JsonAsync(HttpStatusCode.OK))["job"]!;
        Assert.True(JsonNode.DeepEquals(shown, JsonNode.Parse(done.GetRawText())), $"pushed {done} but GET shows {shown}");
        Assert.Equal(0, strangerHeard.Count);
    }

    [Fact]
    public async Task Anonymous_connections_are_refused()
    {
        await using var anonymous = HubClients.Connection(app.ClientOptions.BaseAddress, "jobs");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

public sealed class JobsSocketSqliteApp : JobsSqliteApp
{
    public JobsSocketSqliteApp() => UseKestrel(FreePort.Next());

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }
}

public sealed class JobsSocketPostgresApp : JobsPostgresApp
{
    public JobsSocketPostgresApp() => UseKestrel(FreePort.Next());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}

public sealed class JobsHubTests_Sqlite(JobsSocketSqliteApp app) : JobsHubTests(app), IClassFixture<JobsSocketSqliteApp>;

public sealed class JobsHubTests_Postgres(JobsSocketPostgresApp app) : JobsHubTests(app), IClassFixture<JobsSocketPostgresApp>;
