using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract class GetFeedTests(AtriumApp app)
{
    [Fact]
    public async Task The_feed_holds_only_followed_authors_newest_first()
    {
        var reader = await app.RegisterAsync("reader");
        var followed = await app.RegisterAsync("followed");
        var stranger = await app.RegisterAsync("stranger");
        await reader.FollowAsync(followed);
        var older = await followed.CreateArticleAsync();
        await stranger.CreateArticleAsync();
        var newer = await followed.CreateArticleAsync();

        var feed = await (await reader.Client().GetAsync("/api/articles/feed")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([newer, older], feed.Slugs());
        Assert.Equal(2, (int)feed["articlesCount"]!);
        Assert.True((bool)feed["articles"]![0]!["author"]!["following"]!);

        var paged = await (await reader.Client().GetAsync("/api/articles/feed?limit=1&offset=1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([older], paged.Slugs());
        Assert.Equal(2, (int)paged["articlesCount"]!);
    }

    [Fact]
    public async Task A_new_user_has_an_empty_feed()
    {
        var reader = await app.RegisterAsync("lonely");
        var feed = await (await reader.Client().GetAsync("/api/articles/feed")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(feed.Slugs());
        Assert.Equal(0, (int)feed["articlesCount"]!);
    }

    [Fact]
    public async Task The_feed_needs_a_token()
    {
        await (await app.CreateClient().GetAsync("/api/articles/feed")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class GetFeedTests_Sqlite(SqliteApp app) : GetFeedTests(app), IClassFixture<SqliteApp>;

public sealed class GetFeedTests_Postgres(PostgresApp app) : GetFeedTests(app), IClassFixture<PostgresApp>;
