using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Platform.Accounts;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Tests.Accounts;

/// <summary>
/// The browser session: an HttpOnly SameSite cookie, antiforgery on unsafe requests, and the same
/// revocation as tokens (sign-out, password change, disable end it — even for a copied cookie).
/// </summary>
public abstract class WebSessionTests(AtriumApp app)
{
    private sealed record Browser(HttpClient Client, string Username, string Email, string Cookie);

    [Fact]
    public async Task Signing_up_sets_an_HttpOnly_SameSite_cookie_and_starts_a_session()
    {
        var client = app.CreateClient();
        var anonymous = await SessionAsync(client);
        Assert.Null(anonymous["user"]);

        var username = Api.Unique("web");
        var response = await PostAsync(client, "/session/sign-up", (string)anonymous["antiforgeryToken"]!,
            new { username, email = $"{username}@example.com", password = "password123" });
        var json = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(username, (string?)json["user"]!["username"]);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebSessionDefaults.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP here; over HTTPS the cookie is marked Secure (SameAsRequest).
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(username, (string?)(await SessionAsync(client))["user"]!["username"]);
    }

    [Fact]
    public async Task Unsafe_requests_without_a_valid_antiforgery_token_are_refused()
    {
        var browser = await SignUpAsync();
        await (await browser.Client.PostAsJsonAsync("/session/sign-in", new { email = browser.Email, password = "password123" }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "antiforgery", "is invalid");
        await (await PostAsync(browser.Client, "/session/sign-out", "forged", null)).AssertErrorAsync(HttpStatusCode.BadRequest, "antiforgery");
        Assert.NotNull((await SessionAsync(browser.Client))["user"]);
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_password_is_401_and_the_right_one_starts_a_session()
    {
        var browser = await SignUpAsync();
        var fresh = app.CreateClient();
        var token = (string)(await SessionAsync(fresh))["antiforgeryToken"]!;
        await (await PostAsync(fresh, "/session/sign-in", token, new { email = browser.Email, password = "wrong-password" }))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "credentials");
        var json = await (await PostAsync(fresh, "/session/sign-in", token, new { email = browser.Email, password = "password123" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(browser.Username, (string?)json["user"]!["username"]);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_a_copied_cookie_too()
    {
        var browser = await SignUpAsync();
        var token = (string)(await SessionAsync(browser.Client))["antiforgeryToken"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(browser.Client, "/session/sign-out", token, null)).StatusCode);
        Assert.Null((await SessionAsync(browser.Client))["user"]);
        Assert.Null((await SessionAsync(WithCookie(browser.Cookie)))["user"]);
    }

    [Fact]
    public async Task Signing_in_over_a_session_ends_the_previous_one()
    {
        var browser = await SignUpAsync();
        var token = (string)(await SessionAsync(browser.Client))["antiforgeryToken"]!;
        await (await PostAsync(browser.Client, "/session/sign-in", token, new { email = browser.Email, password = "password123" }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.NotNull((await SessionAsync(browser.Client))["user"]);
        Assert.Null((await SessionAsync(WithCookie(browser.Cookie)))["user"]);
    }

    [Fact]
    public async Task A_password_change_ends_the_session()
    {
        var browser = await SignUpAsync();
        var login = await (await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = browser.Email, password = "password123" } })).JsonAsync(HttpStatusCode.OK);
        await (await app.ClientWithToken((string)login["user"]!["token"]!).PutJsonAsync("/api/user",
            new { user = new { password = "a-new-password" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Null((await SessionAsync(WithCookie(browser.Cookie)))["user"]);
    }

    [Fact]
    public async Task Disabling_the_account_ends_the_session()
    {
        var browser = await SignUpAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var user = await db.Users.SingleAsync(u => u.Username == browser.Username);
            user.DisabledAt = DateTime.UtcNow;
            await scope.ServiceProvider.GetRequiredService<RefreshTokens>().SignOutEverywhereAsync(user, DateTime.UtcNow, CancellationToken.None);
        }

        Assert.Null((await SessionAsync(WithCookie(browser.Cookie)))["user"]);
    }

    [Fact]
    public async Task The_cookie_does_not_authenticate_the_token_api()
    {
        var browser = await SignUpAsync();
        await (await WithCookie(browser.Cookie).GetAsync("/api/user")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }

    [Fact]
    public void The_key_ring_is_not_loaded_at_start_only_on_first_use()
    {
        // A host may start before its database is migrated; loading then would report an error.
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().Name == "DataProtectionHostedService");
    }

    private async Task<Browser> SignUpAsync()
    {
        var client = app.CreateClient();
        var token = (string)(await SessionAsync(client))["antiforgeryToken"]!;
        var username = Api.Unique("web");
        var response = await PostAsync(client, "/session/sign-up", token,
            new { username, email = $"{username}@example.com", password = "password123" });
        await response.JsonAsync(HttpStatusCode.Created);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebSessionDefaults.CookieName + "=", StringComparison.Ordinal));
        return new Browser(client, username, $"{username}@example.com", cookie.Split(';')[0]);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<JsonNode> SessionAsync(HttpClient client) =>
        await (await client.GetAsync("/session")).JsonAsync(HttpStatusCode.OK);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string antiforgeryToken, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add(WebSessionDefaults.AntiforgeryHeader, antiforgeryToken);
        return client.SendAsync(request);
    }
}

public sealed class WebSessionTests_Sqlite(SqliteApp app) : WebSessionTests(app), IClassFixture<SqliteApp>;

public sealed class WebSessionTests_Postgres(PostgresApp app) : WebSessionTests(app), IClassFixture<PostgresApp>;
