using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

public abstract class ListArticlesTests(AtriumApp app)
{
    [Fact]
    public async Task Lists_newest_first_without_bodies_and_counts_before_paging()
    {
        var author = await app.RegisterAsync("lister");
        var first = await author.CreateArticleAsync();
        var second = await author.CreateArticleAsync();
        var third = await author.CreateArticleAsync();

        var page = await (await app.CreateClient().GetAsync($"/api/articles?author={author.Username}&limit=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([third, second], page.Slugs());
        Assert.Equal(3, (int)page["articlesCount"]!);
        Assert.False(page["articles"]![0]!.AsObject().ContainsKey("body"));

        var next = await (await app.CreateClient().GetAsync($"/api/articles?author={author.Username}&limit=2&offset=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([first], next.Slugs());
        Assert.Equal(3, (int)next["articlesCount"]!);
    }

    [Fact]
    public async Task Filters_by_tag_author_and_favorited()
    {
        var author = await app.RegisterAsync("filt");
        var fan = await app.RegisterAsync("fav");
        var tag = Api.Unique("tag");
        var tagged = await author.CreateArticleAsync(tags: [tag]);
        var untagged = await author.CreateArticleAsync();
        await (await fan.Client().PostAsync($"/api/articles/{untagged}/favorite", null)).JsonAsync(HttpStatusCode.OK);
        var client = app.CreateClient();

        Assert.Equal([tagged], (await (await client.GetAsync($"/api/articles?tag={tag}")).JsonAsync(HttpStatusCode.OK)).Slugs());
        Assert.Equal([untagged, tagged], (await (await client.GetAsync($"/api/articles?author={author.Username}")).JsonAsync(HttpStatusCode.OK)).Slugs());
        Assert.Equal([untagged], (await (await client.GetAsync($"/api/articles?favorited={fan.Username}")).JsonAsync(HttpStatusCode.OK)).Slugs());
        Assert.Empty((await (await client.GetAsync($"/api/articles?author={author.Username}&tag=nope{tag}")).JsonAsync(HttpStatusCode.OK)).Slugs());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("offset=-5", "offset")]
    public async Task Absurd_paging_is_422(string query, string field)
    {
        var response = await app.CreateClient().GetAsync($"/api/articles?{query}");
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
    }

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=99999999999999999999", "offset")]
    public async Task Non_numeric_paging_is_400_naming_the_parameter(string query, string field)
    {
        var response = await app.CreateClient().GetAsync($"/api/articles?{query}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class ListArticlesTests_Sqlite(SqliteApp app) : ListArticlesTests(app), IClassFixture<SqliteApp>;

public sealed class ListArticlesTests_Postgres(PostgresApp app) : ListArticlesTests(app), IClassFixture<PostgresApp>;
