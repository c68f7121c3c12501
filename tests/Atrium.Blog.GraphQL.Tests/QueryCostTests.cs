using Atrium.Testing;
using Xunit.Abstractions;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>
/// Batched loading: a page of articles with their authors, tags, favorite state and comments (and
/// the comments' authors) costs the same number of SQL commands for 5 articles as for 20.
/// </summary>
public abstract class QueryCostTests(AtriumApp app, ITestOutputHelper output)
{
    private const string Query = "query($limit: Int, $tag: String) { articles(limit: $limit, tag: $tag) { articlesCount articles { slug body tagList favorited favoritesCount author { username following } comments { body author { username following } } } } }";

    private const string Feed = "query($limit: Int) { viewer { feed(limit: $limit) { articles { slug favorited author { username following } } } } }";

    private const string Connection = "query($limit: Int, $tag: String) { articlesConnection(first: $limit, tag: $tag) { edges { node { slug favorited author { username } } } } }";

    [Fact]
    public async Task Twenty_articles_cost_as_many_commands_as_five()
    {
        var reader = await app.RegisterAsync("reader");
        var tag = Api.Unique("cost");
        var authors = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.RegisterAsync("cost")));
        foreach (var author in authors)
        {
            await reader.FollowAsync(author);
            for (var i = 0; i < 4; i++)
            {
                var slug = await author.CreateArticleAsync(tags: [tag, $"t{i}"]);
                await reader.FavoriteAsync(slug);
                await reader.AddCommentAsync(slug);
                await author.AddCommentAsync(slug);
            }
        }

        foreach (var query in new[] { Query, Feed, Connection })
        {
            var five = await CommandsForAsync(reader, query, tag, 5);
            var twenty = await CommandsForAsync(reader, query, tag, 20);
            output.WriteLine($"{five} commands for 5 articles, {twenty} for 20: {query}");
            Assert.True(five == twenty, $"5 articles took {five} commands, 20 took {twenty}: {query}");
        }

        // Count, page, bodies, authors, favorites, comments, comment authors (and the token check): a handful, not N.
        Assert.True(await CommandsForAsync(reader, Query, tag, 20) <= 8);
    }

    private async Task<int> CommandsForAsync(TestUser reader, string query, string tag, int limit)
    {
        var client = reader.Client();
        app.SqlCommands.Reset();
        var data = await client.DataAsync(query, new { limit, tag });
        var listed = data["articles"]?["articles"] ?? data["viewer"]?["feed"]?["articles"] ?? data["articlesConnection"]!["edges"];
        Assert.Equal(limit, listed!.AsArray().Count);
        return app.SqlCommands.Count;
    }
}

public sealed class QueryCostTests_Sqlite(SqliteApp app, ITestOutputHelper output) : QueryCostTests(app, output), IClassFixture<SqliteApp>;

public sealed class QueryCostTests_Postgres(PostgresApp app, ITestOutputHelper output) : QueryCostTests(app, output), IClassFixture<PostgresApp>;
