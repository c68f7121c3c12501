using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Caching;

/// <summary>
/// Never stale: B reads (filling its cache), A writes, B reads again at once and sees the write.
/// One test per cached read and the writes that change it.
/// </summary>
public abstract class CacheConsistencyTests(CacheInstances instances)
{
    private AtriumApp A => instances.A;

    private AtriumApp B => instances.B;

    [Fact]
    public async Task The_tag_list_follows_article_creates_updates_and_deletes()
    {
        var author = await A.RegisterAsync("tags");
        var first = Api.Unique("first");
        var second = Api.Unique("second");
        Assert.DoesNotContain(first, await TagsOnBAsync());

        var slug = await author.CreateArticleAsync(tags: [first]);
        Assert.Contains(first, await TagsOnBAsync());

        await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { tagList = new[] { second } } }))
            .JsonAsync(HttpStatusCode.OK);
        var tags = await TagsOnBAsync();
        Assert.Contains(second, tags);
        Assert.DoesNotContain(first, tags);

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client().DeleteAsync($"/api/articles/{slug}")).StatusCode);
        Assert.DoesNotContain(second, await TagsOnBAsync());
    }

    [Fact]
    public async Task An_article_follows_its_update_including_a_new_slug()
    {
        var author = await A.RegisterAsync("edit");
        var reader = await A.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        Assert.Equal("A body", (string)(await ReadOnBAsync($"/api/articles/{slug}"))["article"]!["body"]!);
        Assert.Equal("A body", (string)(await ReadOnBAsync($"/api/articles/{slug}", reader))["article"]!["body"]!);

        var title = Api.Unique("Renamed");
        var updated = await (await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { title, body = "New body" } }))
            .JsonAsync(HttpStatusCode.OK);
        var newSlug = (string)updated["article"]!["slug"]!;

        Assert.NotEqual(slug, newSlug);
        await ReadOnBAsync($"/api/articles/{slug}", expected: HttpStatusCode.NotFound);
        var article = (await ReadOnBAsync($"/api/articles/{newSlug}"))["article"]!;
        Assert.Equal(title, (string)article["title"]!);
        Assert.Equal("New body", (string)article["body"]!);
        Assert.Equal("New body", (string)(await ReadOnBAsync($"/api/articles/{newSlug}", reader))["article"]!["body"]!);
    }

    [Fact]
    public async Task A_deleted_article_is_gone_from_every_read()
    {
        var author = await A.RegisterAsync("delete");
        var slug = await author.CreateArticleAsync();
        await ReadOnBAsync($"/api/articles/{slug}");
        Assert.Contains(slug, (await ReadOnBAsync($"/api/articles?author={author.Username}")).Slugs());

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client().DeleteAsync($"/api/articles/{slug}")).StatusCode);

        await ReadOnBAsync($"/api/articles/{slug}", expected: HttpStatusCode.NotFound);
        Assert.Empty((await ReadOnBAsync($"/api/articles?author={author.Username}")).Slugs());
    }

    [Fact]
    public async Task Favorites_show_in_counts_and_per_viewer()
    {
        var author = await A.RegisterAsync("fav");
        var reader = await A.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await AssertFavoritesAsync(slug, author, reader, count: 0, favorited: false);

        await (await reader.Client().PostAsync($"/api/articles/{slug}/favorite", null)).JsonAsync(HttpStatusCode.OK);
        await AssertFavoritesAsync(slug, author, reader, count: 1, favorited: true);

        await (await reader.Client().DeleteAsync($"/api/articles/{slug}/favorite")).JsonAsync(HttpStatusCode.OK);
        await AssertFavoritesAsync(slug, author, reader, count: 0, favorited: false);
    }

    [Fact]
    public async Task Follows_show_per_viewer_on_profiles_and_articles()
    {
        var author = await A.RegisterAsync("followed");
        var reader = await A.RegisterAsync("follower");
        var slug = await author.CreateArticleAsync();
        await AssertFollowingAsync(author, reader, slug, following: false);

        await reader.FollowAsync(author);
        await AssertFollowingAsync(author, reader, slug, following: true);

        await (await reader.Client().DeleteAsync($"/api/profiles/{author.Username}/follow")).JsonAsync(HttpStatusCode.OK);
        await AssertFollowingAsync(author, reader, slug, following: false);
    }

    [Fact]
    public async Task Profile_changes_show_on_the_profile_and_as_author()
    {
        var author = await A.RegisterAsync("profile");
        var slug = await author.CreateArticleAsync();
        Assert.Null((string?)(await ReadOnBAsync($"/api/profiles/{author.Username}"))["profile"]!["bio"]);
        Assert.Equal(author.Username, (string)(await ReadOnBAsync($"/api/articles/{slug}"))["article"]!["author"]!["username"]!);
        Assert.Contains(slug, (await ReadOnBAsync($"/api/articles?author={author.Username}")).Slugs());

        var renamed = Api.Unique("renamed");
        await (await author.Client().PutJsonAsync("/api/user", new { user = new { username = renamed, bio = "New bio", image = "https://example.com/a.png" } }))
            .JsonAsync(HttpStatusCode.OK);

        await ReadOnBAsync($"/api/profiles/{author.Username}", expected: HttpStatusCode.NotFound);
        var profile = (await ReadOnBAsync($"/api/profiles/{renamed}"))["profile"]!;
        Assert.Equal("New bio", (string)profile["bio"]!);
        Assert.Equal("https://example.com/a.png", (string)profile["image"]!);
        var shownAuthor = (await ReadOnBAsync($"/api/articles/{slug}"))["article"]!["author"]!;
        Assert.Equal(renamed, (string)shownAuthor["username"]!);
        Assert.Equal("New bio", (string)shownAuthor["bio"]!);
        Assert.Empty((await ReadOnBAsync($"/api/articles?author={author.Username}")).Slugs());
        var list = await ReadOnBAsync($"/api/articles?author={renamed}");
        Assert.Equal("New bio", (string)list["articles"]![0]!["author"]!["bio"]!);
    }

    [Fact]
    public async Task The_first_page_shows_a_new_article_at_once()
    {
        var author = await A.RegisterAsync("newest");
        await ReadOnBAsync("/api/articles?limit=5");
        var tag = Api.Unique("page");
        await ReadOnBAsync($"/api/articles?tag={tag}");

        var slug = await author.CreateArticleAsync(tags: [tag]);

        Assert.Equal(slug, (await ReadOnBAsync("/api/articles?limit=5")).Slugs()[0]);
        Assert.Equal([slug], (await ReadOnBAsync($"/api/articles?tag={tag}")).Slugs());
    }

    [Fact]
    public async Task Repeated_reads_are_answered_from_the_cache()
    {
        var author = await A.RegisterAsync("hits");
        var reader = await A.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync(tags: [Api.Unique("hit")]);

        foreach (var url in new[] { "/api/tags", $"/api/articles/{slug}", $"/api/profiles/{author.Username}", "/api/articles?limit=20", $"/api/articles?author={author.Username}" })
        {
            await ReadOnBAsync(url);
            B.SqlCommands.Reset();
            await ReadOnBAsync(url);
            Assert.True(B.SqlCommands.Count == 0, $"{url}: a repeated anonymous read sent {B.SqlCommands.Count} SQL command(s)");
        }

        // Signed in: only the token's account version (the accounts module's revocation check) and
        // the viewer's own favorite/follow state are read.
        foreach (var url in new[] { $"/api/articles/{slug}", $"/api/profiles/{author.Username}" })
        {
            await ReadOnBAsync(url, reader);
            B.SqlCommands.Reset();
            await ReadOnBAsync(url, reader);
            Assert.True(B.SqlCommands.Count == 2, $"{url}: a repeated signed-in read sent {B.SqlCommands.Count} SQL command(s)");
        }
    }

    private async Task<JsonNode> ReadOnBAsync(string url, TestUser? viewer = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await B.ClientWithToken(viewer?.Token).GetAsync(url)).JsonAsync(expected);

    private async Task<List<string>> TagsOnBAsync() =>
        [.. (await ReadOnBAsync("/api/tags"))["tags"]!.AsArray().Select(t => (string)t!)];

    private async Task AssertFavoritesAsync(string slug, TestUser author, TestUser reader, int count, bool favorited)
    {
        Assert.Equal(count, (int)(await ReadOnBAsync($"/api/articles/{slug}"))["article"]!["favoritesCount"]!);
        var asReader = (await ReadOnBAsync($"/api/articles/{slug}", reader))["article"]!;
        Assert.Equal(count, (int)asReader["favoritesCount"]!);
        Assert.Equal(favorited, (bool)asReader["favorited"]!);
        Assert.Equal(count, (int)(await ReadOnBAsync($"/api/articles?author={author.Username}"))["articles"]![0]!["favoritesCount"]!);
        Assert.Equal(favorited ? 1 : 0, (await ReadOnBAsync($"/api/articles?favorited={reader.Username}")).Slugs().Length);
    }

    private async Task AssertFollowingAsync(TestUser author, TestUser reader, string slug, bool following)
    {
        Assert.Equal(following, (bool)(await ReadOnBAsync($"/api/profiles/{author.Username}", reader))["profile"]!["following"]!);
        Assert.Equal(following, (bool)(await ReadOnBAsync($"/api/articles/{slug}", reader))["article"]!["author"]!["following"]!);
        Assert.False((bool)(await ReadOnBAsync($"/api/profiles/{author.Username}"))["profile"]!["following"]!);
    }
}

public sealed class CacheConsistencyTests_Memory(MemoryInstances instances) : CacheConsistencyTests(instances), IClassFixture<MemoryInstances>;

public sealed class CacheConsistencyTests_RedisSqlite(RedisSqliteInstances instances)
    : CacheConsistencyTests(instances), IClassFixture<RedisSqliteInstances>;

public sealed class CacheConsistencyTests_RedisPostgres(RedisPostgresInstances instances)
    : CacheConsistencyTests(instances), IClassFixture<RedisPostgresInstances>;
