using System.Net;
using System.Text.Json.Nodes;
using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// Readiness follows the database (503 while it is gone, 200 once it is back) and reports Redis as
/// Degraded, not Unhealthy, while Redis is gone: the instance still serves. Both against real
/// servers of the test's own that it stops and starts again.
/// </summary>
public sealed class ReadinessTests(ReadinessTests.OutageApp app) : IClassFixture<ReadinessTests.OutageApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readiness_goes_red_when_the_database_stops_and_green_when_it_returns()
    {
        var client = app.CreateClient();
        var healthy = await PollAsync(client, "/health/ready", HttpStatusCode.OK, "Healthy");
        Assert.Equal("Healthy", (string?)healthy["checks"]!["database"]!["status"]);

        await app.Postgres.PauseAsync();
        try
        {
            var down = await PollAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable, "Unhealthy");
            Assert.Equal("Unhealthy", (string?)down["checks"]!["database"]!["status"]);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await app.Postgres.ResumeAsync();
        }

        var back = await PollAsync(client, "/health/ready", HttpStatusCode.OK, "Healthy");
        Assert.Equal("Healthy", (string?)back["checks"]!["database"]!["status"]);
        // And the API itself serves again.
        await app.RegisterAsync("back");
    }

    [Fact]
    public async Task Redis_outage_is_degraded_not_unready_and_heals()
    {
        var client = app.CreateClient();
        var healthy = await PollAsync(client, "/health/ready", HttpStatusCode.OK, "Healthy");
        Assert.Equal("Healthy", (string?)healthy["checks"]!["redis"]!["status"]);

        await app.Redis.PauseAsync();
        try
        {
            var degraded = await PollAsync(client, "/health/ready", HttpStatusCode.OK, "Degraded");
            Assert.Equal("Degraded", (string?)degraded["checks"]!["redis"]!["status"]);
            Assert.Equal("Healthy", (string?)degraded["checks"]!["database"]!["status"]);
            // Still serving: the cache reads the database, rate limits count in memory.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
        }
        finally
        {
            await app.Redis.ResumeAsync();
        }

        var back = await PollAsync(client, "/health/ready", HttpStatusCode.OK, "Healthy");
        Assert.Equal("Healthy", (string?)back["checks"]!["redis"]!["status"]);
    }

    /// <summary>Asks until the endpoint answers <paramref name="status"/> with the overall <paramref name="health"/>.</summary>
    private static async Task<JsonNode> PollAsync(HttpClient client, string path, HttpStatusCode status, string health)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (true)
        {
            var response = await client.GetAsync(path);
            last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == status)
            {
                var json = JsonNode.Parse(last[(last.IndexOf(':', StringComparison.Ordinal) + 2)..])!;
                if ((string?)json["status"] == health)
                {
                    return json;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} did not become {(int)status} {health} within {Patience}; last answer {last}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>PostgreSQL and Redis of its own, so the test may stop them.</summary>
    public sealed class OutageApp : AtriumApp
    {
        private string? _connectionString;

        public StoppablePostgresServer Postgres { get; private set; } = null!;

        public StoppableRedisServer Redis { get; private set; } = null!;

        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not started.");

        public override async Task InitializeAsync()
        {
            Postgres = await StoppablePostgresServer.StartAsync();
            Redis = await StoppableRedisServer.StartAsync();
            _connectionString = await Postgres.CreateDatabaseAsync("atrium_readiness");
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Postgres.DisposeAsync();
            await Redis.DisposeAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Redis", Redis.ConnectionString);
        }
    }
}
