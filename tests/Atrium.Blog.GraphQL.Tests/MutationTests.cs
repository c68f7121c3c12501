using System.Net;
using System.Net.Http.Json;
using Atrium.Testing;
using static Atrium.Blog.GraphQL.Tests.GraphQLApi;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>Every write goes through the REST handler: same result, same refusals, same authorization.</summary>
public abstract class MutationTests(AtriumApp app)
{
    private const string Create = "mutation($input: CreateArticleInput!) { createArticle(input: $input) { " + ArticleFields + " } }";

    [Fact]
    public async Task A_created_article_is_what_REST_then_shows()
    {
        var author = await app.RegisterAsync("author");
        var created = (await author.Client().DataAsync(Create, new
        {
            input = new { title = Api.Unique("GraphQL Title"), description = "d", body = "b", tagList = new[] { " z ", "a", "a" } },
        }))["createArticle"]!;

        var slug = (string)created["slug"]!;
        AssertMirrors((await author.Client().RestAsync($"/api/articles/{slug}"))["article"], created);
        Assert.Equal(["a", "z"], created["tagList"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Invalid_fields_are_refused_with_the_REST_messages()
    {
        var author = await app.RegisterAsync("author");
        var restResponse = await author.Client().PostAsJsonAsync("/api/articles", new { article = new { title = " ", description = "d", body = "b", tagList = new[] { "" } } });
        var rest = await restResponse.JsonAsync(HttpStatusCode.UnprocessableEntity);

        var error = await author.Client().ErrorAsync(Create, new { input = new { title = " ", description = "d", body = "b", tagList = new[] { "" } } });
        error.AssertRefused("VALIDATION_FAILED", "title", (string?)rest["errors"]!["title"]![0]);
        error.AssertRefused("VALIDATION_FAILED", "tagList", (string?)rest["errors"]!["tagList"]![0]);
        Assert.Equal(422, (int)error["extensions"]!["status"]!);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_write_and_nothing_is_written()
    {
        var title = Api.Unique("Anonymous");
        var response = await app.CreateClient().PostGraphQLAsync(Create, new { input = new { title, description = "d", body = "b" } });
        var json = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("UNAUTHENTICATED", (string?)json["errors"]![0]!["extensions"]!["code"]);
        Assert.Null(json["data"]);

        var expired = app.ClientWithToken("not-a-token");
        (await expired.ErrorAsync("mutation { favoriteArticle(slug: \"x\") { slug } }")).AssertRefused("UNAUTHENTICATED", "token", "is invalid");
        (await app.CreateClient().ErrorAsync("mutation { favoriteArticle(slug: \"x\") { slug } }")).AssertRefused("UNAUTHENTICATED", "token", "is missing");
        Assert.Equal(0, (int)(await app.CreateClient().RestAsync($"/api/articles?author=nobody"))["articlesCount"]!);
    }

    [Fact]
    public async Task Only_the_author_updates_or_deletes_an_article()
    {
        var author = await app.RegisterAsync("author");
        var other = await app.RegisterAsync("other");
        var slug = await author.CreateArticleAsync();
        const string Update = "mutation($slug: String!, $input: UpdateArticleInput!) { updateArticle(slug: $slug, input: $input) { " + ArticleFields + " } }";

        (await other.Client().ErrorAsync(Update, new { slug, input = new { body = "mine now" } })).AssertRefused("FORBIDDEN", "article", "forbidden");
        (await other.Client().ErrorAsync("mutation($slug: String!) { deleteArticle(slug: $slug) }", new { slug })).AssertRefused("FORBIDDEN", "article");
        (await author.Client().ErrorAsync(Update, new { slug = "no-such-article", input = new { body = "x" } })).AssertRefused("NOT_FOUND", "article", "not found");

        // Absent fields are kept; tagList: [] clears.
        var updated = (await author.Client().DataAsync(Update, new { slug, input = new { body = "New body", tagList = Array.Empty<string>() } }))["updateArticle"]!;
        Assert.Equal("New body", (string)updated["body"]!);
        Assert.Equal("A description", (string)updated["description"]!);
        Assert.Empty(updated["tagList"]!.AsArray());
        AssertMirrors((await author.Client().RestAsync($"/api/articles/{slug}"))["article"], updated);

        Assert.True((bool)(await author.Client().DataAsync("mutation($slug: String!) { deleteArticle(slug: $slug) }", new { slug }))["deleteArticle"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await author.Client().GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Favorites_follows_and_comments_mirror_REST()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        var client = reader.Client();

        var favorited = (await client.DataAsync("mutation($slug: String!) { favoriteArticle(slug: $slug) { " + ArticleFields + " } }", new { slug }))["favoriteArticle"]!;
        Assert.True((bool)favorited["favorited"]!);
        Assert.Equal(1, (int)favorited["favoritesCount"]!);
        AssertMirrors((await client.RestAsync($"/api/articles/{slug}"))["article"], favorited);
        var unfavorited = (await client.DataAsync("mutation($slug: String!) { unfavoriteArticle(slug: $slug) { favorited favoritesCount } }", new { slug }))["unfavoriteArticle"]!;
        Assert.False((bool)unfavorited["favorited"]!);
        Assert.Equal(0, (int)unfavorited["favoritesCount"]!);

        var followed = (await client.DataAsync("mutation($u: String!) { followProfile(username: $u) { username following } }", new { u = author.Username }))["followProfile"]!;
        Assert.True((bool)followed["following"]!);
        AssertMirrors((await client.RestAsync($"/api/profiles/{author.Username}"))["profile"], followed);
        (await client.ErrorAsync("mutation($u: String!) { followProfile(username: $u) { username } }", new { u = reader.Username }))
            .AssertRefused("VALIDATION_FAILED", "profile", "can't follow yourself");
        Assert.False((bool)(await client.DataAsync("mutation($u: String!) { unfollowProfile(username: $u) { following } }", new { u = author.Username }))["unfollowProfile"]!["following"]!);

        var comment = (await client.DataAsync("mutation($slug: String!) { addComment(slug: $slug, body: \"Nice\") { id body createdAt updatedAt author { username bio image following } } }", new { slug }))["addComment"]!;
        AssertMirrors((await client.RestAsync($"/api/articles/{slug}/comments"))["comments"]![0], comment);
        (await author.Client().ErrorAsync("mutation($slug: String!, $id: Long!) { deleteComment(slug: $slug, id: $id) }", new { slug, id = (long)comment["id"]! }))
            .AssertRefused("FORBIDDEN", "comment");
        Assert.True((bool)(await client.DataAsync("mutation($slug: String!, $id: Long!) { deleteComment(slug: $slug, id: $id) }", new { slug, id = (long)comment["id"]! }))["deleteComment"]!);
        Assert.Empty((await client.RestAsync($"/api/articles/{slug}/comments"))["comments"]!.AsArray());
    }

    [Fact]
    public async Task Updating_the_user_changes_the_profile_REST_shows()
    {
        var user = await app.RegisterAsync("user");
        var other = await app.RegisterAsync("other");
        var updated = (await user.Client().DataAsync("mutation { updateUser(input: { bio: \"Hello\", image: \"https://example.com/a.png\" }) { username email bio image token } }"))["updateUser"]!;
        Assert.Equal("Hello", (string)updated["bio"]!);
        Assert.Equal(user.Email, (string)updated["email"]!);
        var profile = (await app.CreateClient().RestAsync($"/api/profiles/{user.Username}"))["profile"]!;
        Assert.Equal("Hello", (string)profile["bio"]!);
        Assert.Equal("https://example.com/a.png", (string)profile["image"]!);

        (await user.Client().ErrorAsync("mutation($u: String!) { updateUser(input: { username: $u }) { username } }", new { u = other.Username }))
            .AssertRefused("CONFLICT", "username", "has already been taken");
    }

    [Fact]
    public async Task Mutations_in_one_document_run_in_order()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        var data = await reader.Client().DataAsync(
            "mutation($slug: String!) { a: favoriteArticle(slug: $slug) { favoritesCount } b: unfavoriteArticle(slug: $slug) { favoritesCount } c: favoriteArticle(slug: $slug) { favoritesCount favorited } }",
            new { slug });
        Assert.Equal(1, (int)data["a"]!["favoritesCount"]!);
        Assert.Equal(0, (int)data["b"]!["favoritesCount"]!);
        Assert.Equal(1, (int)data["c"]!["favoritesCount"]!);
    }
}

public sealed class MutationTests_Sqlite(SqliteApp app) : MutationTests(app), IClassFixture<SqliteApp>;

public sealed class MutationTests_Postgres(PostgresApp app) : MutationTests(app), IClassFixture<PostgresApp>;
