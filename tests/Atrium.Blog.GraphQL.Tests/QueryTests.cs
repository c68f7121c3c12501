using System.Text.Json.Nodes;
using Atrium.Testing;
using static Atrium.Blog.GraphQL.Tests.GraphQLApi;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>Every read answers what the REST endpoint answers for the same data and the same viewer.</summary>
public abstract class QueryTests(AtriumApp app)
{
    private const string PageQuery = "query($tag: String, $author: String, $favorited: String, $limit: Int, $offset: Int) {"
        + " articles(tag: $tag, author: $author, favorited: $favorited, limit: $limit, offset: $offset) { articlesCount articles { "
        + ArticleFields + " } } }";

    [Fact]
    public async Task Article_lists_mirror_REST_with_every_filter_for_readers_and_anonymous_callers()
    {
        var (author, reader, tag, _) = await SeedAsync();
        foreach (var client in new[] { reader.Client(), app.CreateClient() })
        {
            foreach (var (query, variables) in new (string, object)[]
            {
                ($"tag={tag}", new { tag }),
                ($"author={author.Username}&limit=2&offset=1", new { author = author.Username, limit = 2, offset = 1 }),
                ($"favorited={reader.Username}", new { favorited = reader.Username }),
                ("tag=nothing-has-this", new { tag = "nothing-has-this" }),
            })
            {
                var rest = await client.RestAsync($"/api/articles?{query}");
                var graphql = (await client.DataAsync(PageQuery, variables))["articles"]!;
                Assert.Equal((int)rest["articlesCount"]!, (int)graphql["articlesCount"]!);
                AssertMirrors(rest["articles"], graphql["articles"]);
            }
        }
    }

    [Fact]
    public async Task An_article_its_comments_a_profile_and_the_tags_mirror_REST()
    {
        var (author, reader, _, slugs) = await SeedAsync();
        var client = reader.Client();
        var data = await client.DataAsync(
            $"query($slug: String!, $username: String!) {{ article(slug: $slug) {{ {ArticleFields} }} comments(slug: $slug) {{ id createdAt updatedAt body author {{ username bio image following }} }} profile(username: $username) {{ username bio image following }} tags }}",
            new { slug = slugs[0], username = author.Username });

        AssertMirrors((await client.RestAsync($"/api/articles/{slugs[0]}"))["article"], data["article"]);
        AssertMirrors((await client.RestAsync($"/api/articles/{slugs[0]}/comments"))["comments"], data["comments"]);
        AssertMirrors((await client.RestAsync($"/api/profiles/{author.Username}"))["profile"], data["profile"]);
        AssertMirrors((await client.RestAsync("/api/tags"))["tags"], data["tags"]);
        Assert.True((bool)data["profile"]!["following"]!);
        Assert.Equal(2, data["comments"]!.AsArray().Count);
    }

    [Fact]
    public async Task Comments_on_articles_in_a_list_match_the_comment_list()
    {
        var (_, reader, tag, slugs) = await SeedAsync();
        var data = await reader.Client().DataAsync(
            "query($tag: String) { articles(tag: $tag) { articles { slug comments { id body createdAt updatedAt author { username bio image following } } } } }", new { tag });
        foreach (var article in data["articles"]!["articles"]!.AsArray())
        {
            var rest = await reader.Client().RestAsync($"/api/articles/{(string)article!["slug"]!}/comments");
            AssertMirrors(rest["comments"], article["comments"]);
        }

        Assert.Contains(data["articles"]!["articles"]!.AsArray(), a => (string)a!["slug"]! == slugs[0] && a["comments"]!.AsArray().Count == 2);
    }

    [Fact]
    public async Task Unknown_slugs_and_names_are_null_not_errors()
    {
        var data = await app.CreateClient().DataAsync("{ article(slug: \"no-such-article\") { slug } profile(username: \"nobody-here\") { username } comments(slug: \"no-such-article\") { id } }");
        Assert.Null(data["article"]);
        Assert.Null(data["profile"]);
        Assert.Null(data["comments"]);
    }

    [Fact]
    public async Task Paging_is_checked_as_REST_checks_it()
    {
        var client = app.CreateClient();
        var rest = await (await client.GetAsync("/api/articles?limit=0&offset=-1")).Content.ReadAsStringAsync();
        var error = await client.ErrorAsync("{ articles(limit: 0, offset: -1) { articlesCount } }");
        error.AssertRefused("VALIDATION_FAILED", "limit", (string?)JsonNode.Parse(rest)!["errors"]!["limit"]![0]);
        error.AssertRefused("VALIDATION_FAILED", "offset", (string?)JsonNode.Parse(rest)!["errors"]!["offset"]![0]);
    }

    [Fact]
    public async Task The_viewer_has_the_REST_user_feed_and_notifications()
    {
        var (author, reader, _, _) = await SeedAsync();
        var client = reader.Client();
        const string Query = "{ viewer { user { email username bio image } feed(limit: 3) { articlesCount articles { " + ArticleFields + " } } notifications { notificationsCount unreadCount notifications { id type message actor { username } articleSlug createdAt readAt } } } }";
        var viewer = (await client.DataAsync(Query))["viewer"]!;

        AssertMirrors((await client.RestAsync("/api/articles/feed?limit=3"))["articles"], viewer["feed"]!["articles"]);
        Assert.Equal(reader.Username, (string)viewer["user"]!["username"]!);
        Assert.Equal(reader.Email, (string)viewer["user"]!["email"]!);

        // The author hears of the reader's follow, two favorites and comment through the event consumer: wait for all four.
        var authorClient = author.Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var notifications = (await authorClient.DataAsync(Query))["viewer"]!["notifications"]!;
        while ((int)notifications["notificationsCount"]! < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            notifications = (await authorClient.DataAsync(Query))["viewer"]!["notifications"]!;
        }

        var rest = await authorClient.RestAsync("/api/notifications");
        Assert.Equal((int)rest["notificationsCount"]!, (int)notifications["notificationsCount"]!);
        Assert.Equal(4, (int)notifications["notificationsCount"]!);
        Assert.Equal((int)rest["unreadCount"]!, (int)notifications["unreadCount"]!);
        AssertMirrors(rest["notifications"], notifications["notifications"]);
    }

    [Fact]
    public async Task Anonymous_callers_have_no_viewer()
    {
        Assert.Null((await app.CreateClient().DataAsync("{ viewer { user { username } } }"))["viewer"]);
    }

    [Fact]
    public async Task A_connection_pages_through_the_list_by_cursor()
    {
        var (author, reader, _, slugs) = await SeedAsync();
        var client = reader.Client();
        const string Query = "query($author: String, $after: String) { articlesConnection(author: $author, first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { slug favorited author { username } } } } }";
        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 5; page++)
        {
            var connection = (await client.DataAsync(Query, new { author = author.Username, after }))["articlesConnection"]!;
            Assert.Equal(slugs.Length, (int)connection["totalCount"]!);
            seen.AddRange(connection["edges"]!.AsArray().Select(e => (string)e!["node"]!["slug"]!));
            if (!(bool)connection["pageInfo"]!["hasNextPage"]!)
            {
                break;
            }

            after = (string)connection["pageInfo"]!["endCursor"]!;
        }

        // Same order as the REST list: newest first.
        Assert.Equal((await client.RestAsync($"/api/articles?author={author.Username}"))["articles"]!.AsArray().Select(a => (string)a!["slug"]!), seen);

        var error = await client.ErrorAsync("{ articlesConnection(after: \"not-a-cursor\") { totalCount } }");
        error.AssertRefused("VALIDATION_FAILED", "after");
    }

    /// <summary>An author with four articles, one tagged with a fresh tag, favorited and commented on by a reader who follows the author.</summary>
    private async Task<(TestUser Author, TestUser Reader, string Tag, string[] Slugs)> SeedAsync()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var tag = Api.Unique("tag");
        var slugs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            slugs.Add(await author.CreateArticleAsync(tags: i == 0 ? [tag, "b", "a"] : ["a"]));
        }

        await reader.FollowAsync(author);
        await reader.FavoriteAsync(slugs[0]);
        await reader.FavoriteAsync(slugs[2]);
        await reader.AddCommentAsync(slugs[0], "first");
        await author.AddCommentAsync(slugs[0], "second");
        return (author, reader, tag, [.. slugs]);
    }
}

public sealed class QueryTests_Sqlite(SqliteApp app) : QueryTests(app), IClassFixture<SqliteApp>;

public sealed class QueryTests_Postgres(PostgresApp app) : QueryTests(app), IClassFixture<PostgresApp>;
