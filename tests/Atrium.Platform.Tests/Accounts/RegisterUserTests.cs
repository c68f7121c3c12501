using System.Net;
using Atrium.Platform.Accounts;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Accounts;

public abstract class RegisterUserTests(AtriumApp app)
{
    private readonly HttpClient client = app.CreateClient();

    private static object Registration(string? username, string? email, string? password) => new { user = new { username, email, password } };

    [Fact]
    public async Task Registering_returns_201_with_a_token_and_null_profile_fields()
    {
        var name = Api.Unique("reg");
        var json = await (await client.PostJsonAsync("/api/users", Registration(name, $"{name}@example.com", "password123")))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal(name, (string?)json["user"]!["username"]);
        Assert.Equal($"{name}@example.com", (string?)json["user"]!["email"]);
        Assert.False(string.IsNullOrEmpty((string?)json["user"]!["token"]));
        Assert.True(json["user"]!.AsObject().ContainsKey("bio"));
        Assert.Null(json["user"]!["bio"]);
        Assert.Null(json["user"]!["image"]);
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_slow_hash()
    {
        var name = Api.Unique("hash");
        await (await client.PostJsonAsync("/api/users", Registration(name, $"{name}@example.com", "password123"))).JsonAsync(HttpStatusCode.Created);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Users.SingleAsync(u => u.Username == name);
        Assert.DoesNotContain("password123", stored.PasswordHash, StringComparison.Ordinal);
        // Identity's v3 format (0x01 marker): PBKDF2 with HMAC-SHA512 and 100,000 iterations.
        Assert.Equal(0x01, Convert.FromBase64String(stored.PasswordHash)[0]);
    }

    [Theory]
    [InlineData("", "x@example.com", "password123", "username")]
    [InlineData("someone", "", "password123", "email")]
    [InlineData("someone", "x@example.com", "", "password")]
    [InlineData(null, "x@example.com", "password123", "username")]
    public async Task A_blank_field_is_422_cant_be_blank(string? username, string? email, string? password, string field)
    {
        var response = await client.PostJsonAsync("/api/users", Registration(username, email, password));
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field, "can't be blank");
    }

    [Theory]
    [InlineData("short7c", "password")]
    [InlineData("not-an-email", "email")]
    public async Task An_invalid_field_is_422(string value, string field)
    {
        var name = Api.Unique("inv");
        var body = field == "password"
            ? Registration(name, $"{name}@example.com", value)
            : Registration(name, value, "password123");
        await (await client.PostJsonAsync("/api/users", body)).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
    }

    [Fact]
    public async Task A_taken_username_is_409_even_in_another_case()
    {
        var existing = await app.RegisterAsync("dup");
        var response = await client.PostJsonAsync("/api/users", Registration(existing.Username.ToUpperInvariant(), $"other{existing.Email}", "password123"));
        await response.AssertErrorAsync(HttpStatusCode.Conflict, "username", "has already been taken");
    }

    [Fact]
    public async Task A_taken_email_is_409()
    {
        var existing = await app.RegisterAsync("dupe");
        var response = await client.PostJsonAsync("/api/users", Registration(Api.Unique("other"), existing.Email.ToUpperInvariant(), "password123"));
        await response.AssertErrorAsync(HttpStatusCode.Conflict, "email", "has already been taken");
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_name_create_one_account()
    {
        var name = Api.Unique("race");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            app.CreateClient().PostJsonAsync("/api/users", Registration(name, $"{name}{i}@example.com", "password123"))));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task A_missing_envelope_is_422()
    {
        var response = await client.PostJsonAsync("/api/users", new { username = "x" });
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "user", "is missing");
    }

    [Theory]
    [InlineData("{\"user\":")]
    [InlineData("{\"user\":{\"username\":5}}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    public async Task Malformed_or_mistyped_json_is_400_in_the_error_shape(string raw)
    {
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/users", raw);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"got {response.StatusCode}");
        var json = await response.JsonAsync(response.StatusCode);
        Assert.NotNull(json["errors"]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_the_error_shape()
    {
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await client.PostJsonAsync("/api/users", Registration(huge, "x@example.com", "password123"));
        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "body", "is too large");
    }
}

public sealed class RegisterUserTests_Sqlite(SqliteApp app) : RegisterUserTests(app), IClassFixture<SqliteApp>;

public sealed class RegisterUserTests_Postgres(PostgresApp app) : RegisterUserTests(app), IClassFixture<PostgresApp>;
