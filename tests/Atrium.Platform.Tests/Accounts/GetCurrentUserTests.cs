using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Atrium.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Platform.Tests.Accounts;

public abstract class GetCurrentUserTests(AtriumApp app)
{
    [Fact]
    public async Task Without_a_token_it_is_401_is_missing()
    {
        var response = await app.CreateClient().GetAsync("/api/user");
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }

    [Fact]
    public async Task The_Token_and_Bearer_schemes_both_work()
    {
        var user = await app.RegisterAsync("schemes");
        foreach (var scheme in new[] { "Token", "Bearer" })
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, user.Token);
            var json = await (await client.GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(user.Email, (string?)json["user"]!["email"]);
        }
    }

    [Fact]
    public async Task A_garbage_token_is_401_is_invalid()
    {
        var response = await app.ClientWithToken("not.a.jwt").GetAsync("/api/user");
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is invalid");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var user = await app.RegisterAsync("expired");
        var sub = await SubjectOfAsync(user.Token);
        var token = Mint(Convert.FromBase64String(app.SigningKey), sub, expires: DateTime.UtcNow.AddMinutes(-5));
        var response = await app.ClientWithToken(token).GetAsync("/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var user = await app.RegisterAsync("forged");
        var token = Mint(new byte[48], await SubjectOfAsync(user.Token), expires: DateTime.UtcNow.AddHours(1));
        var response = await app.ClientWithToken(token).GetAsync("/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var user = await app.RegisterAsync("alg_none");
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "atrium",
            Audience = "atrium-api",
            Expires = DateTime.UtcNow.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", await SubjectOfAsync(user.Token))]),
        });
        var response = await app.ClientWithToken(token).GetAsync("/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<string> SubjectOfAsync(string token) =>
        Task.FromResult(new JsonWebTokenHandler().ReadJsonWebToken(token).Subject);

    private static string Mint(byte[] key, string subject, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "atrium",
            Audience = "atrium-api",
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
}

public sealed class GetCurrentUserTests_Sqlite(SqliteApp app) : GetCurrentUserTests(app), IClassFixture<SqliteApp>;

public sealed class GetCurrentUserTests_Postgres(PostgresApp app) : GetCurrentUserTests(app), IClassFixture<PostgresApp>;
