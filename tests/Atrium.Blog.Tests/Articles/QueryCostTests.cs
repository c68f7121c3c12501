using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

/// <summary>No N+1: a page of 20 articles costs the same number of SQL commands as a page of 1.</summary>
public abstract class QueryCostTests(AtriumApp app)
{
    [Fact]
    public async Task Listing_20_articles_issues_as_many_commands_as_listing_1()
    {
        var reader = await app.RegisterAsync("reader");
        var authors = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.RegisterAsync("cost")));
        foreach (var author in authors)
        {
            await reader.FollowAsync(author);
            for (var i = 0; i < 5; i++)
            {
                var slug = await author.CreateArticleAsync(tags: ["x", $"t{i}"]);
                await (await reader.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);
                await reader.AddCommentAsync(slug);
            }
        }

        foreach (var url in new[] { "/api/articles?limit={0}", "/api/articles/feed?limit={0}", "/api/articles?tag=x&limit={0}" })
        {
            var one = await CommandsForAsync(reader, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, 1), expected: 1);
            var twenty = await CommandsForAsync(reader, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, 20), expected: 20);
            Assert.True(one == twenty, $"{url}: 1 article took {one} commands, 20 took {twenty}");
        }
    }

    private async Task<int> CommandsForAsync(TestUser reader, string url, int expected)
    {
        var client = reader.Client();
        app.SqlCommands.Reset();
        var page = await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(expected, page.Slugs().Length);
        return app.SqlCommands.Count;
    }
}

public sealed class QueryCostTests_Sqlite(SqliteApp app) : QueryCostTests(app), IClassFixture<SqliteApp>;

public sealed class QueryCostTests_Postgres(PostgresApp app) : QueryCostTests(app), IClassFixture<PostgresApp>;
