using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Comments;

public abstract class CommentTests(AtriumApp app)
{
    [Fact]
    public async Task Adding_returns_201_and_the_list_holds_it_oldest_first()
    {
        var author = await app.RegisterAsync("cauthor");
        var slug = await author.CreateArticleAsync();
        var response = await author.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "First!" } });
        var comment = (await response.JsonAsync(HttpStatusCode.Created))["comment"]!;
        Assert.Equal("First!", (string?)comment["body"]);
        Assert.Equal(author.Username, (string?)comment["author"]!["username"]);
        await author.AddCommentAsync(slug, "Second");

        var list = await (await app.CreateClient().GetAsync($"/api/articles/{slug}/comments")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["First!", "Second"], list["comments"]!.AsArray().Select(c => (string)c!["body"]!));
        Assert.Equal((long)comment["id"]!, (long)list["comments"]![0]!["id"]!);
    }

    [Fact]
    public async Task The_author_deletes_one_comment_and_the_other_stays()
    {
        var author = await app.RegisterAsync("deleter");
        var slug = await author.CreateArticleAsync();
        var first = await author.AddCommentAsync(slug, "one");
        await author.AddCommentAsync(slug, "two");

        var response = await author.Client().DeleteAsync($"/api/articles/{slug}/comments/{first}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var list = await (await app.CreateClient().GetAsync($"/api/articles/{slug}/comments")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["two"], list["comments"]!.AsArray().Select(c => (string)c!["body"]!));
    }

    [Fact]
    public async Task Someone_elses_comment_is_403_and_survives()
    {
        var author = await app.RegisterAsync("writer");
        var intruder = await app.RegisterAsync("troll");
        var slug = await author.CreateArticleAsync();
        var id = await author.AddCommentAsync(slug);
        await (await intruder.Client().DeleteAsync($"/api/articles/{slug}/comments/{id}")).AssertErrorAsync(HttpStatusCode.Forbidden, "comment", "forbidden");
        var list = await (await app.CreateClient().GetAsync($"/api/articles/{slug}/comments")).JsonAsync(HttpStatusCode.OK);
        Assert.Single(list["comments"]!.AsArray());
    }

    [Fact]
    public async Task A_comment_id_from_another_article_is_404()
    {
        var author = await app.RegisterAsync("cross");
        var one = await author.CreateArticleAsync();
        var other = await author.CreateArticleAsync();
        var id = await author.AddCommentAsync(one);
        await (await author.Client().DeleteAsync($"/api/articles/{other}/comments/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "comment", "not found");
    }

    [Fact]
    public async Task Errors_blank_body_unknown_article_unknown_comment_bad_id_and_no_token()
    {
        var user = await app.RegisterAsync("errs");
        var slug = await user.CreateArticleAsync();
        var client = user.Client();
        await (await client.PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "" } }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "body", "can't be blank");
        await (await client.PostJsonAsync($"/api/articles/{slug}/comments", new { body = "x" }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "comment", "is missing");
        await (await client.PostJsonAsync("/api/articles/missing/comments", new { comment = new { body = "x" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await app.CreateClient().GetAsync("/api/articles/missing/comments")).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await client.DeleteAsync("/api/articles/missing/comments/1")).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
        await (await client.DeleteAsync($"/api/articles/{slug}/comments/99999")).AssertErrorAsync(HttpStatusCode.NotFound, "comment", "not found");
        await (await client.DeleteAsync($"/api/articles/{slug}/comments/abc")).AssertErrorAsync(HttpStatusCode.BadRequest, "id");
        await (await app.CreateClient().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "x" } }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
        await (await app.CreateClient().DeleteAsync($"/api/articles/{slug}/comments/1")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class CommentTests_Sqlite(SqliteApp app) : CommentTests(app), IClassFixture<SqliteApp>;

public sealed class CommentTests_Postgres(PostgresApp app) : CommentTests(app), IClassFixture<PostgresApp>;
