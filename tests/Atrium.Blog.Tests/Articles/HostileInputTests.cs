using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Articles;

/// <summary>Text no database can store (NUL, lone surrogates) is a 4xx, never a 500 or a half-written row.</summary>
public abstract class HostileInputTests(AtriumApp app)
{
    [Theory]
    [InlineData("{\"article\":{\"title\":\"a\\u0000b\",\"description\":\"d\",\"body\":\"b\"}}", "title")]
    [InlineData("{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\"x\\u0000\"]}}", "tagList")]
    public async Task Unstorable_text_in_a_body_is_422(string raw, string field)
    {
        var user = await app.RegisterAsync("hostile");
        var response = await user.Client().SendRawAsync(HttpMethod.Post, "/api/articles", raw);
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
        var mine = await (await app.CreateClient().GetAsync($"/api/articles?author={user.Username}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)mine["articlesCount"]!);
    }

    [Fact]
    public async Task A_lone_surrogate_in_json_is_refused_as_invalid_json()
    {
        var user = await app.RegisterAsync("surrogate");
        var response = await user.Client().SendRawAsync(HttpMethod.Post, "/api/articles",
            "{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"\\ud800\"}}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "body");
    }

    // NUL in the path never reaches the app: Kestrel refuses such request lines itself.
    [Theory]
    [InlineData("/api/articles?tag=%00")]
    [InlineData("/api/articles?author=a%00b")]
    [InlineData("/api/articles/feed?limit=1&x=%00")]
    public async Task A_nul_character_in_the_query_is_400(string url)
    {
        await (await app.CreateClient().GetAsync(url)).AssertErrorAsync(HttpStatusCode.BadRequest, "request");
    }

    [Fact]
    public async Task Invalid_utf8_in_the_query_is_no_server_error()
    {
        var response = await app.CreateClient().GetAsync("/api/articles?favorited=%ED%A0%80");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unstorable_text_in_a_profile_update_is_422()
    {
        var user = await app.RegisterAsync("hostilebio");
        var response = await user.Client().SendRawAsync(HttpMethod.Put, "/api/user", "{\"user\":{\"bio\":\"a\\u0000b\"}}");
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "bio");
    }
}

public sealed class HostileInputTests_Sqlite(SqliteApp app) : HostileInputTests(app), IClassFixture<SqliteApp>;

public sealed class HostileInputTests_Postgres(PostgresApp app) : HostileInputTests(app), IClassFixture<PostgresApp>;
