using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Exports;

/// <summary>"Export my articles": a background job with progress whose file only its owner downloads.</summary>
public abstract class ExportArticlesTests(AtriumApp app)
{
    private static async Task<JsonNode> WaitForJobAsync(HttpClient owner, string location)
    {
        JsonNode? job = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            job = (await (await owner.GetAsync(location)).JsonAsync(HttpStatusCode.OK))["job"]!;
            if ((string?)job["status"] is "succeeded" or "dead" or "cancelled")
            {
                return job;
            }
        }

        throw new TimeoutException($"The export never finished; last seen: {job?.ToJsonString()}");
    }

    [Fact]
    public async Task An_export_contains_exactly_the_authors_articles_and_downloads_only_for_the_author()
    {
        var author = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        string[] titles = [Api.Unique("First"), Api.Unique("Second"), Api.Unique("Third")];
        foreach (var title in titles)
        {
            await author.CreateArticleAsync(title, ["export"]);
        }

        await other.CreateArticleAsync(Api.Unique("NotMine"));

        var started = await author.Client().PostAsync("/api/articles/exports", null);
        var accepted = await started.JsonAsync(HttpStatusCode.Accepted);
        var location = started.Headers.Location?.OriginalString;
        Assert.Equal($"/api/jobs/{accepted["job"]!["id"]}", location);
        Assert.Equal("blog.export-articles", (string?)accepted["job"]!["name"]);

        var job = await WaitForJobAsync(author.Client(), location!);
        Assert.Equal("succeeded", (string?)job["status"]);
        Assert.Equal(100, (int)job["progress"]!);
        Assert.Equal("3 articles exported", (string?)job["message"]);
        var resultUrl = (string)job["resultUrl"]!;
        Assert.Equal($"{location}/result", resultUrl);

        var download = await author.Client().GetAsync(resultUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var export = JsonNode.Parse(await download.Content.ReadAsStringAsync())!;
        Assert.Equal(3, (int)export["count"]!);
        var articles = export["articles"]!.AsArray();
        Assert.Equal(titles, articles.Select(a => (string)a!["title"]!).ToArray());
        Assert.All(articles, a =>
        {
            Assert.Equal("A body", (string?)a!["body"]);
            Assert.Equal(["export"], a["tagList"]!.AsArray().Select(t => (string)t!).ToArray());
        });

        await (await other.Client().GetAsync(resultUrl)).AssertErrorAsync(HttpStatusCode.NotFound, "result");
        await (await other.Client().GetAsync(location)).AssertErrorAsync(HttpStatusCode.NotFound, "job");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(resultUrl)).StatusCode);
    }

    [Fact]
    public async Task Exporting_requires_a_signed_in_user()
    {
        var response = await app.CreateClient().PostAsync("/api/articles/exports", null);
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }

    [Fact]
    public async Task An_author_without_articles_gets_an_empty_export()
    {
        var author = await app.RegisterAsync();
        var started = await author.Client().PostAsync("/api/articles/exports", null);
        await started.JsonAsync(HttpStatusCode.Accepted);
        var job = await WaitForJobAsync(author.Client(), started.Headers.Location!.OriginalString);
        var export = JsonNode.Parse(await (await author.Client().GetAsync((string)job["resultUrl"]!)).Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)export["count"]!);
        Assert.Empty(export["articles"]!.AsArray());
    }
}

public sealed class ExportArticlesTests_Sqlite(SqliteApp app) : ExportArticlesTests(app), IClassFixture<SqliteApp>;

public sealed class ExportArticlesTests_Postgres(PostgresApp app) : ExportArticlesTests(app), IClassFixture<PostgresApp>;
