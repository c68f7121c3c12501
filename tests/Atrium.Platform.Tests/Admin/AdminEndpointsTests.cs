using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Admin;

/// <summary>The admin role: disabling accounts, deleting anyone's articles and comments; everyone else is turned away.</summary>
public abstract class AdminEndpointsTests(AtriumApp app)
{
    [Fact]
    public async Task Disabling_a_user_shuts_out_their_tokens_sessions_and_logins()
    {
        var admin = await app.AdminAsync();
        var registered = await (await app.CreateClient().PostJsonAsync("/api/users", new
        {
            user = new { username = Api.Unique("victim"), email = $"{Guid.NewGuid():N}@example.com", password = "password123" },
        })).JsonAsync(HttpStatusCode.Created);
        var user = registered["user"]!;
        var victim = app.ClientWithToken((string?)user["token"]);
        await (await victim.GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);

        var disable = await admin.Client().PostAsync($"/api/admin/users/{(string?)user["username"]}/disable", null);
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);

        await (await victim.GetAsync("/api/user")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is invalid");
        var refresh = await app.CreateClient().PostJsonAsync("/api/users/token", new { refreshToken = (string?)user["refreshToken"] });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        var login = await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = (string?)user["email"], password = "password123" } });
        await login.AssertErrorAsync(HttpStatusCode.Unauthorized, "account", "is disabled");

        // Disabling again is harmless; the administrator still works.
        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.Client().PostAsync($"/api/admin/users/{(string?)user["username"]}/disable", null)).StatusCode);
        await (await admin.Client().GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);

        // create-admin on a disabled account makes it a working administrator again.
        var promoted = await app.RunOkAsync("", "create-admin", "--username", (string)user["username"]!);
        Assert.Contains("enabled again", promoted.Output, StringComparison.Ordinal);
        var relogin = await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = (string?)user["email"], password = "password123" } });
        await relogin.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_administrators_may_disable_and_unknown_users_are_not_found()
    {
        var admin = await app.AdminAsync();
        var someone = await app.RegisterAsync("someone");
        var other = await app.RegisterAsync("other");

        await (await someone.Client().PostAsync($"/api/admin/users/{other.Username}/disable", null))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "user", "forbidden");
        await (await app.CreateClient().PostAsync($"/api/admin/users/{other.Username}/disable", null))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
        await (await admin.Client().PostAsync("/api/admin/users/nobody-at-all/disable", null))
            .AssertErrorAsync(HttpStatusCode.NotFound, "user", "not found");
        await (await admin.Client().PostAsync($"/api/admin/users/{admin.Username}/disable", null))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "username");

        // The other user was never touched.
        await (await other.Client().GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Administrators_delete_anyone_s_articles_and_comments_others_may_not()
    {
        var admin = await app.AdminAsync();
        var author = await app.RegisterAsync("author");
        var stranger = await app.RegisterAsync("stranger");
        var slug = await CreateArticleAsync(author, "first");
        var comment = await (await author.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "mine" } }))
            .JsonAsync(HttpStatusCode.Created);
        var commentId = (long)comment["comment"]!["id"]!;

        await (await stranger.Client().DeleteAsync($"/api/articles/{slug}/comments/{commentId}"))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "comment", "forbidden");
        await (await stranger.Client().DeleteAsync($"/api/articles/{slug}"))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "article", "forbidden");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client().DeleteAsync($"/api/articles/{slug}/comments/{commentId}")).StatusCode);
        var comments = await (await app.CreateClient().GetAsync($"/api/articles/{slug}/comments")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(comments["comments"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client().DeleteAsync($"/api/articles/{slug}")).StatusCode);
        await (await app.CreateClient().GetAsync($"/api/articles/{slug}")).AssertErrorAsync(HttpStatusCode.NotFound, "article");
        await (await admin.Client().DeleteAsync($"/api/articles/{slug}")).AssertErrorAsync(HttpStatusCode.NotFound, "article");
    }

    [Fact]
    public async Task A_promoted_account_counts_as_administrator_on_its_next_request_without_a_new_token()
    {
        var user = await app.RegisterAsync("promoted");
        var target = await app.RegisterAsync("target");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client().PostAsync($"/api/admin/users/{target.Username}/disable", null)).StatusCode);

        await app.RunOkAsync("", "create-admin", "--username", user.Username);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client().PostAsync($"/api/admin/users/{target.Username}/disable", null)).StatusCode);
    }

    [Fact]
    public async Task The_admin_role_opens_the_jobs_overview_without_being_listed_in_configuration()
    {
        var someone = await app.RegisterAsync("plain");
        Assert.Equal(HttpStatusCode.NotFound, (await someone.Client().GetAsync("/api/admin/jobs")).StatusCode);

        var admin = await app.AdminAsync();
        await (await admin.Client().GetAsync("/api/admin/jobs")).JsonAsync(HttpStatusCode.OK);
    }

    private static async Task<string> CreateArticleAsync(TestUser author, string title)
    {
        var created = await (await author.Client().PostJsonAsync("/api/articles", new
        {
            article = new { title = Api.Unique(title), description = "d", body = "b", tagList = new[] { "admin" } },
        })).JsonAsync(HttpStatusCode.Created);
        return (string)created["article"]!["slug"]!;
    }
}

public sealed class AdminEndpointsTests_Sqlite(SqliteApp app) : AdminEndpointsTests(app), IClassFixture<SqliteApp>;

public sealed class AdminEndpointsTests_Postgres(PostgresApp app) : AdminEndpointsTests(app), IClassFixture<PostgresApp>;
