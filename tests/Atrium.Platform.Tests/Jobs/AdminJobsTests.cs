using System.Net;
using Atrium.Platform.Accounts;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>The operator's view: only usernames listed in Atrium:Admin:Usernames see it.</summary>
public abstract class AdminJobsTests
{
    private const string AdminName = "jobs_admin";
    private readonly JobsApp _app;

    protected AdminJobsTests(JobsApp app)
    {
        _app = app;
    }

    public static void Configure(JobsApp app) => app.Settings["Atrium:Admin:Usernames:0"] = AdminName;

    private async Task<string> AdminTokenAsync()
    {
        var response = await _app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = $"{AdminName}@example.com", password = "password123" } });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response = await _app.CreateClient().PostJsonAsync("/api/users",
                new { user = new { username = AdminName, email = $"{AdminName}@example.com", password = "password123" } });
        }

        var json = await response.Content.ReadAsStringAsync();
        return (string)System.Text.Json.Nodes.JsonNode.Parse(json)!["user"]!["token"]!;
    }

    [Fact]
    public async Task The_overview_is_for_administrators_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/admin/jobs")).StatusCode);
        var user = await _app.RegisterAsync();
        await (await user.Client().GetAsync("/api/admin/jobs")).AssertErrorAsync(HttpStatusCode.NotFound, "page");

        var failing = await _app.EnqueueAsync<FailingJob, FailingArgs>(new FailingArgs(10), JobsApp.UserId(user));
        await JobsApp.WaitForJobAsync(user.Client(), failing, j => (string?)j["status"] == "dead");

        var json = await (await _app.ClientWithToken(await AdminTokenAsync()).GetAsync("/api/admin/jobs")).JsonAsync(HttpStatusCode.OK);
        var jobs = json["jobs"]!;
        Assert.True((int)jobs["counts"]!["dead"]! >= 1);
        Assert.Contains(jobs["recentFailures"]!.AsArray(), f => (string?)f!["id"] == failing.ToString()
            && (string?)f["error"] == "InvalidOperationException: boom on attempt 3");
        Assert.Contains(jobs["queues"]!.AsArray(), q => (string?)q!["name"] == "test.failing" && (string?)q["status"] == "dead");
        var cleanup = Assert.Single(jobs["recurring"]!.AsArray(), r => (string?)r!["name"] == "jobs.cleanup");
        Assert.NotNull(cleanup!["nextFireTime"]);
        Assert.Contains(jobs["workers"]!.AsArray(), w => (bool)w!["alive"]!);
    }

    [Fact]
    public async Task The_page_signs_an_administrator_in_with_a_cookie_and_refuses_anyone_else()
    {
        var browser = _app.CreateClient();
        var anonymous = await browser.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/admin/login\">", await anonymous.Content.ReadAsStringAsync());

        var user = await _app.RegisterAsync();
        var refused = await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("token", user.Token)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var forged = await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("token", "not-a-token")]));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // The test client keeps cookies and follows the redirect back to the page, like a browser.
        var signedIn = await browser.PostAsync("/admin/login", new FormUrlEncodedContent([new("token", await AdminTokenAsync())]));
        var page = await signedIn.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("<h2>Recurring</h2>", page);
        Assert.Contains("jobs.cleanup", page);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_administrator_token_does_not_sign_in()
    {
        var token = await AdminTokenAsync();
        // What a password reset does to the account: earlier tokens no longer stand.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Users
                .Where(u => u.Username == AdminName)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TokenVersion, u => u.TokenVersion + 1));
        }

        var refused = await _app.CreateClient().PostAsync("/admin/login", new FormUrlEncodedContent([new("token", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

public sealed class AdminSqliteApp : JobsSqliteApp
{
    public AdminSqliteApp() => AdminJobsTests.Configure(this);
}

public sealed class AdminPostgresApp : JobsPostgresApp
{
    public AdminPostgresApp() => AdminJobsTests.Configure(this);
}

public sealed class AdminJobsTests_Sqlite(AdminSqliteApp app) : AdminJobsTests(app), IClassFixture<AdminSqliteApp>;

public sealed class AdminJobsTests_Postgres(AdminPostgresApp app) : AdminJobsTests(app), IClassFixture<AdminPostgresApp>;
