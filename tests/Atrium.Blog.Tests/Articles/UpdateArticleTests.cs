using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract class UpdateArticleTests(AtriumApp app)
{
    [Fact]
    public async Task Updating_the_body_keeps_tags_and_moves_updatedAt()
    {
        var author = await app.RegisterAsync("upd");
        var slug = await author.CreateArticleAsync(tags: ["keep"]);
        var before = await app.CreateClient().GetArticleAsync(slug);
        await Task.Delay(5);

        var updated = (await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { body = "New body" } }))
            .JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.Equal("New body", (string?)updated["body"]);
        Assert.Equal(["keep"], updated["tagList"]!.AsArray().Select(t => (string)t!));
        Assert.Equal((string?)before["createdAt"], (string?)updated["createdAt"]);
        Assert.NotEqual((string?)before["updatedAt"], (string?)updated["updatedAt"]);
    }

    [Fact]
    public async Task An_empty_tag_list_clears_the_tags_and_null_is_refused()
    {
        var author = await app.RegisterAsync("tags");
        var slug = await author.CreateArticleAsync(tags: ["one", "two"]);
        var client = author.Client();

        var rejected = await client.SendRawAsync(HttpMethod.Put, $"/api/articles/{slug}", "{\"article\":{\"tagList\":null}}");
        await rejected.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "tagList");
        Assert.Equal(2, (await client.GetArticleAsync(slug))["tagList"]!.AsArray().Count);

        var cleared = (await (await client.PutJsonAsync($"/api/articles/{slug}", new { article = new { tagList = Array.Empty<string>() } }))
            .JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.Empty(cleared["tagList"]!.AsArray());
        Assert.Empty((await client.GetArticleAsync(slug))["tagList"]!.AsArray());
    }

    [Fact]
    public async Task Replacing_tags_keeps_shared_ones_and_adds_new()
    {
        var author = await app.RegisterAsync("retag");
        var slug = await author.CreateArticleAsync(tags: ["a", "b"]);
        var updated = (await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { tagList = new[] { "b", "c" } } }))
            .JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.Equal(["b", "c"], updated["tagList"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task A_new_title_gives_a_new_slug()
    {
        var author = await app.RegisterAsync("retitle");
        var slug = await author.CreateArticleAsync();
        var title = Api.Unique("Brand new title");
        var updated = (await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { title } }))
            .JsonAsync(HttpStatusCode.OK))["article"]!;
        Assert.Equal(title, (string?)updated["title"]);
        Assert.NotEqual(slug, (string?)updated["slug"]);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/articles/{updated["slug"]}")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_field_is_422_and_nothing_changes()
    {
        var author = await app.RegisterAsync("invalid");
        var slug = await author.CreateArticleAsync();
        var response = await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { body = "changed", title = "" } });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "title");
        Assert.Equal("A body", (string?)(await app.CreateClient().GetArticleAsync(slug))["body"]);
    }

    [Fact]
    public async Task Someone_elses_article_is_403_and_unchanged()
    {
        var author = await app.RegisterAsync("owner");
        var intruder = await app.RegisterAsync("intruder");
        var slug = await author.CreateArticleAsync();
        var response = await intruder.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { body = "hijacked" } });
        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "article", "forbidden");
        Assert.Equal("A body", (string?)(await app.CreateClient().GetArticleAsync(slug))["body"]);
    }

    [Fact]
    public async Task An_unknown_slug_is_404_and_no_token_is_401()
    {
        var user = await app.RegisterAsync("nobody");
        await (await user.Client().PutJsonAsync("/api/articles/missing", new { article = new { body = "x" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await app.CreateClient().PutJsonAsync("/api/articles/missing", new { article = new { body = "x" } }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class UpdateArticleTests_Sqlite(SqliteApp app) : UpdateArticleTests(app), IClassFixture<SqliteApp>;

public sealed class UpdateArticleTests_Postgres(PostgresApp app) : UpdateArticleTests(app), IClassFixture<PostgresApp>;
