using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>The health endpoints answer JSON listing every check they ran.</summary>
public sealed class HealthReportTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Liveness_runs_no_checks()
    {
        var json = await (await app.CreateClient().GetAsync("/health/live")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)json["status"]);
        Assert.Empty(json["checks"]!.AsObject());
    }

    [Fact]
    public async Task Readiness_lists_the_database_and_the_bus_but_not_jobs()
    {
        var response = await app.CreateClient().GetAsync("/health/ready");
        var json = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl?.ToString());
        var checks = json["checks"]!.AsObject();
        Assert.Equal("Healthy", (string?)checks["database"]!["status"]);
        // A job backlog is on /health only: it is no reason to take API replicas out of rotation.
        Assert.False(checks.ContainsKey("jobs"), json.ToJsonString());
        Assert.Contains(checks, c => c.Value!["tags"]!.AsArray().Any(t => (string?)t == "messaging"));
        // No Redis configured: no Redis check.
        Assert.False(checks.ContainsKey("redis"));
    }

    [Fact]
    public async Task The_full_report_lists_every_check()
    {
        var json = await (await app.CreateClient().GetAsync("/health")).JsonAsync(HttpStatusCode.OK);
        Assert.True(json["checks"]!.AsObject().Count >= 3, json.ToJsonString());
        Assert.True(json["checks"]!.AsObject().ContainsKey("jobs"), json.ToJsonString());
    }
}
