using System.Net;
using Atrium.Platform.Data;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>A database that does not answer is an outage (503, retry later), not a bug (500).</summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.UnreachableDatabaseApp app) : IClassFixture<DatabaseOutageTests.UnreachableDatabaseApp>
{
    [Fact]
    public async Task Requests_get_503_with_retry_after()
    {
        var response = await app.CreateClient().GetAsync("/api/profiles/anyone");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var json = await response.JsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.False(string.IsNullOrEmpty((string?)json["traceId"]));
    }

    [Fact]
    public async Task Readiness_is_red_and_liveness_green()
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    /// <summary>PostgreSQL configured on a port where nothing listens.</summary>
    public sealed class UnreachableDatabaseApp : AtriumApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override string ConnectionString => "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=2";

        // Nothing to migrate: the point is that the database is gone.
        public override Task InitializeAsync() => Task.CompletedTask;
    }
}
