using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Tags;

public abstract class ListTagsTests(AtriumApp app)
{
    [Fact]
    public async Task Tags_in_use_are_listed_most_used_first()
    {
        var author = await app.RegisterAsync("tagger");
        var popular = Api.Unique("popular");
        var rare = Api.Unique("rare");
        await author.CreateArticleAsync(tags: [popular, rare]);
        await author.CreateArticleAsync(tags: [popular]);

        var tags = (await (await app.CreateClient().GetAsync("/api/tags")).JsonAsync(HttpStatusCode.OK))["tags"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Contains(popular, tags);
        Assert.True(tags.IndexOf(popular) < tags.IndexOf(rare));
    }

    [Fact]
    public async Task A_tag_no_article_uses_disappears()
    {
        var author = await app.RegisterAsync("untagger");
        var tag = Api.Unique("fleeting");
        var slug = await author.CreateArticleAsync(tags: [tag]);
        await author.Client().DeleteAsync($"/api/articles/{slug}");
        var tags = (await (await app.CreateClient().GetAsync("/api/tags")).JsonAsync(HttpStatusCode.OK))["tags"]!.AsArray().Select(t => (string)t!);
        Assert.DoesNotContain(tag, tags);
    }
}

public sealed class ListTagsTests_Sqlite(SqliteApp app) : ListTagsTests(app), IClassFixture<SqliteApp>;

public sealed class ListTagsTests_Postgres(PostgresApp app) : ListTagsTests(app), IClassFixture<PostgresApp>;
