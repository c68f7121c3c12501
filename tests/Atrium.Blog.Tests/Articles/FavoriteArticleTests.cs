using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract class FavoriteArticleTests(AtriumApp app)
{
    [Fact]
    public async Task Favoriting_twice_is_idempotent_and_unfavoriting_undoes_it()
    {
        var author = await app.RegisterAsync("fauthor");
        var fan = await app.RegisterAsync("fan");
        var slug = await author.CreateArticleAsync();
        var client = fan.Client();

        await (await client.PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);
        var twice = (await (await client.PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.True((bool)twice["favorited"]!);
        Assert.Equal(1, (int)twice["favoritesCount"]!);
        Assert.Equal("A body", (string?)twice["body"]);

        var undone = (await (await client.DeleteAsync($"/api/articles/{slug}/favorite")).JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.False((bool)undone["favorited"]!);
        Assert.Equal(0, (int)undone["favoritesCount"]!);
    }

    [Fact]
    public async Task Concurrent_favorites_by_one_user_count_once()
    {
        var author = await app.RegisterAsync("conc");
        var fan = await app.RegisterAsync("eager");
        var slug = await author.CreateArticleAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fan.Client().PostAsync($"/api/articles/{slug}/favorite", null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, (int)(await app.CreateClient().GetArticleAsync(slug))["favoritesCount"]!);
    }

    [Fact]
    public async Task The_count_stays_exact_when_many_users_favorite_and_unfavorite_at_once()
    {
        var author = await app.RegisterAsync("popular");
        var slug = await author.CreateArticleAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.RegisterAsync("crowd")));

        await Task.WhenAll(fans.Select(f => f.Client().PostAsync($"/api/articles/{slug}/favorite", null)));
        await Task.WhenAll(fans.Take(2).Select(f => f.Client().DeleteAsync($"/api/articles/{slug}/favorite")));
        await Task.WhenAll(fans.Take(2).Select(f => f.Client().DeleteAsync($"/api/articles/{slug}/favorite")));

        Assert.Equal(4, (int)(await app.CreateClient().GetArticleAsync(slug))["favoritesCount"]!);
        var listed = await (await app.CreateClient().GetAsync($"/api/articles?author={author.Username}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (int)listed["articles"]![0]!["favoritesCount"]!);
    }

    [Fact]
    public async Task Unknown_articles_are_404_and_anonymous_is_401()
    {
        var fan = await app.RegisterAsync("lost");
        await (await fan.Client().PostAsync("/api/articles/missing/favorite", null)).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await fan.Client().DeleteAsync("/api/articles/missing/favorite")).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await app.CreateClient().PostAsync("/api/articles/missing/favorite", null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class FavoriteArticleTests_Sqlite(SqliteApp app) : FavoriteArticleTests(app), IClassFixture<SqliteApp>;

public sealed class FavoriteArticleTests_Postgres(PostgresApp app) : FavoriteArticleTests(app), IClassFixture<PostgresApp>;
