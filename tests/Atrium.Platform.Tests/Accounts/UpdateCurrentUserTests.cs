using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Accounts;

public abstract class UpdateCurrentUserTests(AtriumApp app)
{
    [Fact]
    public async Task Bio_and_image_update_and_empty_strings_become_null()
    {
        var user = await app.RegisterAsync("upd");
        var client = user.Client();
        var json = await (await client.PutJsonAsync("/api/user", new { user = new { bio = "Hello", image = "https://example.com/a.jpg" } }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Hello", (string?)json["user"]!["bio"]);
        Assert.Equal("https://example.com/a.jpg", (string?)json["user"]!["image"]);

        json = await (await client.PutJsonAsync("/api/user", new { user = new { bio = "", image = "" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Null(json["user"]!["bio"]);
        Assert.Null(json["user"]!["image"]);

        var persisted = await (await client.GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(persisted["user"]!["bio"]);
    }

    [Fact]
    public async Task Absent_fields_are_kept()
    {
        var user = await app.RegisterAsync("keep");
        var client = user.Client();
        await (await client.PutJsonAsync("/api/user", new { user = new { bio = "Kept" } })).JsonAsync(HttpStatusCode.OK);
        var json = await (await client.SendRawAsync(HttpMethod.Put, "/api/user", "{\"user\":{\"image\":null}}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Kept", (string?)json["user"]!["bio"]);
        Assert.Equal(user.Email, (string?)json["user"]!["email"]);
    }

    [Theory]
    [InlineData("{\"user\":{\"email\":null}}", "email")]
    [InlineData("{\"user\":{\"email\":\"\"}}", "email")]
    [InlineData("{\"user\":{\"username\":null}}", "username")]
    [InlineData("{\"user\":{\"username\":\"\"}}", "username")]
    [InlineData("{\"user\":{\"password\":null}}", "password")]
    [InlineData("{\"user\":{\"password\":\"short7c\"}}", "password")]
    [InlineData("{\"user\":{\"image\":\"javascript:alert(1)\"}}", "image")]
    public async Task Invalid_values_are_422_and_change_nothing(string raw, string field)
    {
        var user = await app.RegisterAsync("bad");
        var client = user.Client();
        var response = await client.SendRawAsync(HttpMethod.Put, "/api/user", raw.Replace("}}", ",\"bio\":\"not saved\"}}", StringComparison.Ordinal));
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);

        var me = await (await client.GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(me["user"]!["bio"]);
    }

    [Fact]
    public async Task A_changed_password_is_the_one_that_logs_in()
    {
        var user = await app.RegisterAsync("pw");
        await (await user.Client().PutJsonAsync("/api/user", new { user = new { password = new string('p', 64) } })).JsonAsync(HttpStatusCode.OK);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostJsonAsync("/api/users/login", new { user = new { email = user.Email, password = "password123" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await anonymous.PostJsonAsync("/api/users/login", new { user = new { email = user.Email, password = new string('p', 64) } })).StatusCode);
    }

    [Fact]
    public async Task Taking_another_users_name_is_409()
    {
        var other = await app.RegisterAsync("taken");
        var user = await app.RegisterAsync("taker");
        var response = await user.Client().PutJsonAsync("/api/user", new { user = new { username = other.Username } });
        await response.AssertErrorAsync(HttpStatusCode.Conflict, "username", "has already been taken");
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await app.CreateClient().PutJsonAsync("/api/user", new { user = new { bio = "x" } });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class UpdateCurrentUserTests_Sqlite(SqliteApp app) : UpdateCurrentUserTests(app), IClassFixture<SqliteApp>;

public sealed class UpdateCurrentUserTests_Postgres(PostgresApp app) : UpdateCurrentUserTests(app), IClassFixture<PostgresApp>;
