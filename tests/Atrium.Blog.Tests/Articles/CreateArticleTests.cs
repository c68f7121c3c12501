using System.Net;
using System.Text.RegularExpressions;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract partial class CreateArticleTests(AtriumApp app)
{
    [Fact]
    public async Task Creating_returns_201_with_the_full_article()
    {
        var author = await app.RegisterAsync("author");
        var response = await author.Client().PostJsonAsync("/api/articles", new
        {
            article = new { title = "How to train your dragon", description = "Ever wonder how?", body = "You have to believe", tagList = new[] { "dragons", "training", "dragons", " angular " } },
        });
        var article = (await response.JsonAsync(HttpStatusCode.Created))["article"]!;

        Assert.StartsWith("how-to-train-your-dragon", (string?)article["slug"], StringComparison.Ordinal);
        Assert.Equal("You have to believe", (string?)article["body"]);
        Assert.Equal(["angular", "dragons", "training"], article["tagList"]!.AsArray().Select(t => (string)t!));
        Assert.False((bool)article["favorited"]!);
        Assert.Equal(0, (int)article["favoritesCount"]!);
        Assert.Equal(author.Username, (string?)article["author"]!["username"]);
        Assert.False((bool)article["author"]!["following"]!);
        Assert.Matches(IsoUtcMillis(), (string?)article["createdAt"]);
        Assert.Equal((string?)article["createdAt"], (string?)article["updatedAt"]);
    }

    [Fact]
    public async Task Duplicate_titles_get_distinct_slugs()
    {
        var author = await app.RegisterAsync("dup");
        var title = Api.Unique("Same title");
        var first = await author.CreateArticleAsync(title);
        var second = await author.CreateArticleAsync(title);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_title_all_succeed_with_distinct_slugs()
    {
        var author = await app.RegisterAsync("race");
        var title = Api.Unique("Race");
        var slugs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => author.CreateArticleAsync(title)));
        Assert.Equal(5, slugs.Distinct().Count());
    }

    [Theory]
    [InlineData("", "d", "b", "title")]
    [InlineData("t", "", "b", "description")]
    [InlineData("t", "d", "", "body")]
    [InlineData("t", "d", "   ", "body")]
    public async Task A_blank_field_is_422(string title, string description, string body, string field)
    {
        var author = await app.RegisterAsync("blank");
        var response = await author.Client().PostJsonAsync("/api/articles", new { article = new { title, description, body } });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field, "can't be blank");
    }

    [Fact]
    public async Task A_blank_tag_is_422_and_nothing_is_written()
    {
        var author = await app.RegisterAsync("blanktag");
        var title = Api.Unique("Tagged");
        var response = await author.Client().PostJsonAsync("/api/articles", new { article = new { title, description = "d", body = "b", tagList = new[] { "ok", "" } } });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "tagList");

        var list = await (await app.CreateClient().GetAsync($"/api/articles?author={author.Username}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)list["articlesCount"]!);
    }

    [Fact]
    public async Task A_missing_envelope_is_422()
    {
        var author = await app.RegisterAsync("env");
        var response = await author.Client().PostJsonAsync("/api/articles", new { title = "x" });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "article", "is missing");
    }

    [Fact]
    public async Task A_wrongly_typed_tag_list_is_400()
    {
        var author = await app.RegisterAsync("types");
        var response = await author.Client().SendRawAsync(HttpMethod.Post, "/api/articles",
            "{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\",\"tagList\":\"notalist\"}}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await app.CreateClient().PostJsonAsync("/api/articles", new { article = new { title = "t", description = "d", body = "b" } });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtcMillis();
}

public sealed class CreateArticleTests_Sqlite(SqliteApp app) : CreateArticleTests(app), IClassFixture<SqliteApp>;

public sealed class CreateArticleTests_Postgres(PostgresApp app) : CreateArticleTests(app), IClassFixture<PostgresApp>;
