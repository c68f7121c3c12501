using System.Net;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Profiles;

public abstract class ProfileTests(AtriumApp app)
{
    [Fact]
    public async Task A_profile_shows_public_fields_and_follow_state()
    {
        var celeb = await app.RegisterAsync("celeb");
        await (await celeb.Client().PutJsonAsync("/api/user", new { user = new { bio = "Famous" } })).JsonAsync(HttpStatusCode.OK);
        var fan = await app.RegisterAsync("fan");

        var anonymous = (await (await app.CreateClient().GetAsync($"/api/profiles/{celeb.Username}")).JsonAsync(HttpStatusCode.OK))["profile"]!;
        Assert.Equal("Famous", (string?)anonymous["bio"]);
        Assert.Null(anonymous["image"]);
        Assert.False((bool)anonymous["following"]!);
        Assert.False(anonymous.AsObject().ContainsKey("email"));

        var followed = (await (await fan.Client().PostAsync($"/api/profiles/{celeb.Username}/follow", null)).JsonAsync(HttpStatusCode.OK))["profile"]!;
        Assert.True((bool)followed["following"]!);
        var again = (await (await fan.Client().PostAsync($"/api/profiles/{celeb.Username}/follow", null)).JsonAsync(HttpStatusCode.OK))["profile"]!;
        Assert.True((bool)again["following"]!);
        Assert.True((bool)(await (await fan.Client().GetAsync($"/api/profiles/{celeb.Username}")).JsonAsync(HttpStatusCode.OK))["profile"]!["following"]!);

        var unfollowed = (await (await fan.Client().DeleteAsync($"/api/profiles/{celeb.Username}/follow")).JsonAsync(HttpStatusCode.OK))["profile"]!;
        Assert.False((bool)unfollowed["following"]!);
    }

    [Fact]
    public async Task A_renamed_user_is_found_by_the_new_name_at_once()
    {
        var user = await app.RegisterAsync("old");
        var renamed = Api.Unique("new");
        await (await user.Client().PutJsonAsync("/api/user", new { user = new { username = renamed } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/profiles/{renamed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/profiles/{user.Username}")).StatusCode);
    }

    [Fact]
    public async Task Following_yourself_is_422()
    {
        var user = await app.RegisterAsync("narcissus");
        await (await user.Client().PostAsync($"/api/profiles/{user.Username}/follow", null)).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "profile");
    }

    [Fact]
    public async Task Unknown_profiles_are_404_and_following_needs_a_token()
    {
        var user = await app.RegisterAsync("seeker");
        await (await app.CreateClient().GetAsync("/api/profiles/nobody-here")).AssertErrorAsync(HttpStatusCode.NotFound, "profile", "not found");
        await (await user.Client().PostAsync("/api/profiles/nobody-here/follow", null)).AssertErrorAsync(HttpStatusCode.NotFound, "profile", "not found");
        await (await user.Client().DeleteAsync("/api/profiles/nobody-here/follow")).AssertErrorAsync(HttpStatusCode.NotFound, "profile", "not found");
        await (await app.CreateClient().PostAsync($"/api/profiles/{user.Username}/follow", null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
        await (await app.CreateClient().DeleteAsync($"/api/profiles/{user.Username}/follow")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class ProfileTests_Sqlite(SqliteApp app) : ProfileTests(app), IClassFixture<SqliteApp>;

public sealed class ProfileTests_Postgres(PostgresApp app) : ProfileTests(app), IClassFixture<PostgresApp>;
