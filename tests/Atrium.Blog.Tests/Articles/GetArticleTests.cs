using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract class GetArticleTests(AtriumApp app)
{
    [Fact]
    public async Task Anyone_can_read_an_article_by_slug()
    {
        var author = await app.RegisterAsync("get");
        var slug = await author.CreateArticleAsync(tags: ["b", "a"]);
        var article = await app.CreateClient().GetArticleAsync(slug);
        Assert.Equal(slug, (string?)article["slug"]);
        Assert.Equal("A body", (string?)article["body"]);
        Assert.Equal(["a", "b"], article["tagList"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task The_reader_sees_their_own_favorite_and_follow_state()
    {
        var author = await app.RegisterAsync("state");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await reader.FollowAsync(author);
        await (await reader.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);

        var asReader = await reader.Client().GetArticleAsync(slug);
        Assert.True((bool)asReader["favorited"]!);
        Assert.True((bool)asReader["author"]!["following"]!);

        var asAnonymous = await app.CreateClient().GetArticleAsync(slug);
        Assert.False((bool)asAnonymous["favorited"]!);
        Assert.False((bool)asAnonymous["author"]!["following"]!);
        Assert.Equal(1, (int)asAnonymous["favoritesCount"]!);
    }

    [Fact]
    public async Task An_unknown_slug_is_404()
    {
        var response = await app.CreateClient().GetAsync("/api/articles/no-such-article");
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
    }

    [Fact]
    public async Task An_invalid_token_on_a_public_read_is_treated_as_anonymous()
    {
        var author = await app.RegisterAsync("lenient");
        var slug = await author.CreateArticleAsync();
        var response = await app.ClientWithToken("stale.or.garbage").GetAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class GetArticleTests_Sqlite(SqliteApp app) : GetArticleTests(app), IClassFixture<SqliteApp>;

public sealed class GetArticleTests_Postgres(PostgresApp app) : GetArticleTests(app), IClassFixture<PostgresApp>;
