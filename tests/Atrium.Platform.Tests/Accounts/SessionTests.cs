using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Platform.Tests.Accounts;

public abstract class SessionTests(AtriumApp app)
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Login_and_register_start_a_session_with_a_refresh_token()
    {
        var registered = await RegisterAsync();
        Assert.False(string.IsNullOrEmpty((string?)registered["refreshToken"]));

        var login = await LoginAsync((string)registered["email"]!);
        Assert.False(string.IsNullOrEmpty((string?)login["refreshToken"]));
        Assert.NotEqual((string?)registered["refreshToken"], (string?)login["refreshToken"]);
    }

    [Fact]
    public async Task The_current_user_has_no_refresh_token_in_it()
    {
        var user = await RegisterAsync();
        var me = await (await app.ClientWithToken((string?)user["token"]).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        Assert.Null(me["user"]!["refreshToken"]);
    }

    [Fact]
    public async Task Access_tokens_are_short_lived()
    {
        var user = await RegisterAsync();
        var token = new JsonWebToken((string)user["token"]!);
        Assert.Equal(TimeSpan.FromMinutes(30), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task Refreshing_rotates_the_token_and_mints_a_working_access_token()
    {
        var user = await RegisterAsync();
        var renewed = await RefreshAsync((string)user["refreshToken"]!, HttpStatusCode.OK);

        Assert.NotEqual((string?)user["refreshToken"], (string?)renewed["refreshToken"]);
        var me = await (await app.ClientWithToken((string?)renewed["token"]).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)user["username"], (string?)me["user"]!["username"]);

        // And the successor rotates in turn.
        await RefreshAsync((string)renewed["refreshToken"]!, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reusing_a_rotated_token_revokes_the_whole_family()
    {
        var user = await RegisterAsync();
        var stolen = (string)user["refreshToken"]!;
        var successor = (string)(await RefreshAsync(stolen, HttpStatusCode.OK))["refreshToken"]!;

        var reuse = await client.PostJsonAsync("/api/users/token", new { refreshToken = stolen });
        await reuse.AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");

        // The legitimate holder's successor died with it: the session has to start over.
        var afterTheft = await client.PostJsonAsync("/api/users/token", new { refreshToken = successor });
        await afterTheft.AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");
    }

    [Fact]
    public async Task Other_sessions_survive_a_theft_in_one_family()
    {
        var user = await RegisterAsync();
        var other = await LoginAsync((string)user["email"]!);
        var stolen = (string)user["refreshToken"]!;
        await RefreshAsync(stolen, HttpStatusCode.OK);
        await client.PostJsonAsync("/api/users/token", new { refreshToken = stolen });

        await RefreshAsync((string)other["refreshToken"]!, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_token_let_at_most_one_through()
    {
        var user = await RegisterAsync();
        var token = (string)user["refreshToken"]!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            app.CreateClient().PostJsonAsync("/api/users/token", new { refreshToken = token })));

        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Fact]
    public async Task Logout_revokes_the_session_and_is_idempotent()
    {
        var user = await RegisterAsync();
        var token = (string)user["refreshToken"]!;
        var renewed = (string)(await RefreshAsync(token, HttpStatusCode.OK))["refreshToken"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/users/logout", new { refreshToken = renewed })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/users/logout", new { refreshToken = renewed })).StatusCode);
        await (await client.PostJsonAsync("/api/users/token", new { refreshToken = renewed }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");
    }

    [Fact]
    public async Task Changing_the_password_ends_every_refresh_session_and_hands_the_caller_a_new_one()
    {
        var user = await RegisterAsync();
        var other = await LoginAsync((string)user["email"]!);
        var changed = (await (await app.ClientWithToken((string?)user["token"]).PutJsonAsync("/api/user",
            new { user = new { password = "a brand new password" } })).JsonAsync(HttpStatusCode.OK))["user"]!;

        await (await client.PostJsonAsync("/api/users/token", new { refreshToken = (string?)other["refreshToken"] }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");
        await RefreshAsync((string)changed["refreshToken"]!, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"refreshToken":""}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"refreshToken":"not-a-token"}""", HttpStatusCode.Unauthorized)]
    [InlineData("""{"refreshToken":42}""", HttpStatusCode.BadRequest)]
    public async Task Bad_refresh_requests_are_4xx(string body, HttpStatusCode expected)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/users/token", body);
        await response.JsonAsync(expected);
    }

    [Fact]
    public async Task An_overlong_token_is_refused_without_hashing_megabytes()
    {
        var response = await client.PostJsonAsync("/api/users/token", new { refreshToken = new string('a', 10_000) });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "refreshToken", "is invalid");
    }

    private async Task<JsonNode> RegisterAsync()
    {
        var username = Api.Unique("session");
        var json = await (await client.PostJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } })).JsonAsync(HttpStatusCode.Created);
        return json["user"]!;
    }

    private async Task<JsonNode> LoginAsync(string email) =>
        (await (await client.PostJsonAsync("/api/users/login", new { user = new { email, password = "password123" } }))
            .JsonAsync(HttpStatusCode.OK))["user"]!;

    private async Task<JsonNode> RefreshAsync(string refreshToken, HttpStatusCode expected) =>
        (await (await client.PostJsonAsync("/api/users/token", new { refreshToken })).JsonAsync(expected))["user"]!;
}

public sealed class SessionTests_Sqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTests_Postgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;
