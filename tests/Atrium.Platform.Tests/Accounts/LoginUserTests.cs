using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Accounts;

public abstract class LoginUserTests(AtriumApp app)
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Logging_in_returns_a_token_that_works()
    {
        var user = await app.RegisterAsync("login");
        var json = await (await client.PostJsonAsync("/api/users/login", new { user = new { email = user.Email.ToUpperInvariant(), password = "password123" } }))
            .JsonAsync(HttpStatusCode.OK);

        var me = await (await app.ClientWithToken((string?)json["user"]!["token"]).GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(user.Username, (string?)me["user"]!["username"]);
    }

    [Fact]
    public async Task A_wrong_password_is_401_invalid_credentials()
    {
        var user = await app.RegisterAsync("wrongpw");
        var response = await client.PostJsonAsync("/api/users/login", new { user = new { email = user.Email, password = "wrongpassword" } });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials", "invalid");
    }

    [Fact]
    public async Task An_unknown_email_is_the_same_401()
    {
        var response = await client.PostJsonAsync("/api/users/login", new { user = new { email = "nobody@example.com", password = "password123" } });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials", "invalid");
    }

    [Fact]
    public async Task An_email_with_a_nul_is_the_same_401()
    {
        // PostgreSQL cannot compare text holding NUL: the lookup was a 500 there. No account has such an address.
        var response = await client.PostJsonAsync("/api/users/login", new { user = new { email = "a\0@example.com", password = "password123" } });
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials", "invalid");
    }

    [Theory]
    [InlineData("", "password123", "email")]
    [InlineData("a@example.com", "", "password")]
    public async Task Blank_fields_are_422(string email, string password, string field)
    {
        var response = await client.PostJsonAsync("/api/users/login", new { user = new { email, password } });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field, "can't be blank");
    }
}

public sealed class LoginUserTests_Sqlite(SqliteApp app) : LoginUserTests(app), IClassFixture<SqliteApp>;

public sealed class LoginUserTests_Postgres(PostgresApp app) : LoginUserTests(app), IClassFixture<PostgresApp>;
