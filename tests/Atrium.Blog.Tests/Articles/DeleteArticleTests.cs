using System.Net;
using Atrium.Blog.Data;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Tests.Articles;

public abstract class DeleteArticleTests(AtriumApp app)
{
    [Fact]
    public async Task The_author_deletes_with_204_and_no_body()
    {
        var author = await app.RegisterAsync("del");
        var slug = await author.CreateArticleAsync();
        var response = await author.Client().DeleteAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_removes_its_tags_favorites_and_comments()
    {
        var author = await app.RegisterAsync("cascade");
        var fan = await app.RegisterAsync("fan");
        var slug = await author.CreateArticleAsync(tags: [Api.Unique("gone")]);
        await fan.AddCommentAsync(slug);
        await (await fan.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<BlogDbContext>().Articles.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client().DeleteAsync($"/api/articles/{slug}")).StatusCode);

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<BlogDbContext>();
        Assert.False(await db.ArticleTags.AnyAsync(t => t.ArticleId == id));
        Assert.False(await db.Favorites.AnyAsync(f => f.ArticleId == id));
        Assert.False(await db.Comments.AnyAsync(c => c.ArticleId == id));
    }

    [Fact]
    public async Task Someone_elses_article_is_403_and_survives()
    {
        var author = await app.RegisterAsync("keeper");
        var intruder = await app.RegisterAsync("vandal");
        var slug = await author.CreateArticleAsync();
        await (await intruder.Client().DeleteAsync($"/api/articles/{slug}")).AssertErrorAsync(HttpStatusCode.Forbidden, "article", "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_is_404_and_anonymous_is_401()
    {
        var user = await app.RegisterAsync("x");
        await (await user.Client().DeleteAsync("/api/articles/missing")).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await app.CreateClient().DeleteAsync("/api/articles/missing")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class DeleteArticleTests_Sqlite(SqliteApp app) : DeleteArticleTests(app), IClassFixture<SqliteApp>;

public sealed class DeleteArticleTests_Postgres(PostgresApp app) : DeleteArticleTests(app), IClassFixture<PostgresApp>;
