using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Atrium.Platform.Accounts;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>
/// "Sign in with …" end to end: a scripted browser goes from Atrium to a real OpenID Connect
/// provider on 127.0.0.1 and back (authorization code + PKCE, state and nonce checked by the
/// client handler), and the link table decides what the identity may do.
/// </summary>
public abstract partial class ExternalSignInTests(AtriumApp app, TestIdentityProvider provider)
{
    private const string SignIn = "/session/external/test/sign-in?returnUrl=%2Ftodo%2F";

    private UserAgent Browser() => new(app.Server.CreateHandler());

    private static ProviderUser NewProviderUser(bool verified = true, string? email = null)
    {
        var name = Api.Unique("ext");
        return new ProviderUser("sub-" + name, email ?? $"{name}@example.com", verified, name);
    }

    private async Task<Page> SignInWithProviderAsync(UserAgent browser, ProviderUser user, string url = SignIn)
    {
        provider.NextUser = user;
        return await browser.BrowseAsync(url);
    }

    [Fact]
    public async Task A_new_user_gets_an_account_and_a_session_that_works_on_the_todo_api()
    {
        var user = NewProviderUser();
        using var browser = Browser();
        var page = await SignInWithProviderAsync(browser, user);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/todo/", page.Path);
        Assert.Equal(user.PreferredUsername, await browser.SignedInAsAsync());
        Assert.Null(browser.Cookies.GetCookies(UserAgent.Atrium).FirstOrDefault(c => c.Name == "atrium_external"));
        var created = await browser.SendJsonAsync(HttpMethod.Post, "/todo/api/lists", new { title = "From the provider" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lists = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/todo/api/lists"));
        Assert.Contains("From the provider", await lists.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (account, links) = await AccountAsync(user.Email);
        Assert.NotNull(account);
        Assert.Equal("", account.PasswordHash);
        var link = Assert.Single(links);
        Assert.Equal(("test", user.Subject, user.Email), (link.Provider, link.Subject, link.Email));
    }

    [Fact]
    public async Task Signing_in_again_reaches_the_same_account()
    {
        var user = NewProviderUser();
        using (var first = Browser())
        {
            await SignInWithProviderAsync(first, user);
        }

        using var second = Browser();
        var page = await SignInWithProviderAsync(second, user);
        Assert.Equal("/todo/", page.Path);
        Assert.Equal(user.PreferredUsername, await second.SignedInAsAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == AccountUser.Normalize(user.Email)));
        Assert.Equal(1, await db.ExternalLogins.CountAsync(l => l.Subject == user.Subject));
    }

    [Fact]
    public async Task A_taken_username_is_made_unique()
    {
        var existing = await SignUpAsync();
        var user = NewProviderUser() with { PreferredUsername = existing.Username };
        using var browser = Browser();
        await SignInWithProviderAsync(browser, user);
        Assert.Equal(existing.Username + "-2", await browser.SignedInAsAsync());
    }

    [Fact]
    public async Task A_verified_email_of_an_existing_account_asks_for_its_password_before_linking()
    {
        var existing = await SignUpAsync();
        var user = NewProviderUser(email: existing.Email.ToUpperInvariant());
        using var browser = Browser();
        var confirm = await SignInWithProviderAsync(browser, user);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("to your account <strong class=\"username\">" + existing.Username, confirm.Html, StringComparison.Ordinal);
        Assert.Null(await browser.SignedInAsAsync());

        var wrong = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["password"] = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("not right", wrong.Html, StringComparison.Ordinal);
        Assert.Empty((await AccountAsync(existing.Email)).Links);
        Assert.Null(await browser.SignedInAsAsync());

        var linked = await browser.SubmitAsync(wrong, new Dictionary<string, string> { ["password"] = "password123" });
        Assert.Equal(HttpStatusCode.OK, linked.Status);
        Assert.Equal("/todo/", linked.Path);
        Assert.Equal(existing.Username, await browser.SignedInAsAsync());
        Assert.Equal(user.Subject, Assert.Single((await AccountAsync(existing.Email)).Links).Subject);

        // From now on the provider alone signs in to that account.
        using var later = Browser();
        await SignInWithProviderAsync(later, user);
        Assert.Equal(existing.Username, await later.SignedInAsAsync());
    }

    [Fact]
    public async Task The_confirmation_needs_the_antiforgery_token()
    {
        var existing = await SignUpAsync();
        using var browser = Browser();
        var confirm = await SignInWithProviderAsync(browser, NewProviderUser(email: existing.Email));
        var forged = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["password"] = "password123", ["__RequestVerificationToken"] = "forged" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Empty((await AccountAsync(existing.Email)).Links);
    }

    [Fact]
    public async Task An_unverified_email_is_refused_and_never_linked_or_used_for_an_account()
    {
        var existing = await SignUpAsync();
        using var browser = Browser();
        var matching = await SignInWithProviderAsync(browser, NewProviderUser(verified: false, email: existing.Email));
        Assert.Equal(HttpStatusCode.Forbidden, matching.Status);
        Assert.Contains("has not verified your e-mail address", matching.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", matching.Html, StringComparison.Ordinal);
        Assert.Empty((await AccountAsync(existing.Email)).Links);

        var stranger = NewProviderUser(verified: false);
        var fresh = await SignInWithProviderAsync(browser, stranger);
        Assert.Equal(HttpStatusCode.Forbidden, fresh.Status);
        Assert.Null((await AccountAsync(stranger.Email)).Account);
        Assert.Null(await browser.SignedInAsAsync());
    }

    [Fact]
    public async Task A_signed_in_user_links_a_provider_after_confirming_without_a_password()
    {
        var existing = await SignUpAsync();
        using var browser = Browser();
        await SignInWithPasswordAsync(browser, existing);
        // A different, even unverified, address: the user proved who they are by being signed in.
        var user = NewProviderUser(verified: false);
        var confirm = await SignInWithProviderAsync(browser, user);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.DoesNotContain("type=\"password\"", confirm.Html, StringComparison.Ordinal);
        Assert.Empty((await AccountAsync(existing.Email)).Links);

        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string>());
        Assert.Equal("/todo/", done.Path);
        Assert.Equal(existing.Username, await browser.SignedInAsAsync());
        Assert.Equal(user.Subject, Assert.Single((await AccountAsync(existing.Email)).Links).Subject);
    }

    [Fact]
    public async Task A_second_identity_of_the_same_provider_is_not_linked_to_one_account()
    {
        var existing = await SignUpAsync();
        using var browser = Browser();
        await SignInWithPasswordAsync(browser, existing);
        await browser.SubmitAsync(await SignInWithProviderAsync(browser, NewProviderUser()), new Dictionary<string, string>());
        var second = await SignInWithProviderAsync(browser, NewProviderUser());
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Contains("already linked to another Test ID identity", second.Html, StringComparison.Ordinal);
        Assert.Single((await AccountAsync(existing.Email)).Links);
    }

    [Fact]
    public async Task A_signed_in_user_is_not_switched_into_the_account_another_identity_is_linked_to()
    {
        var user = NewProviderUser();
        using (var owner = Browser())
        {
            await SignInWithProviderAsync(owner, user);
        }

        var other = await SignUpAsync();
        using var browser = Browser();
        await SignInWithPasswordAsync(browser, other);
        var refused = await SignInWithProviderAsync(browser, user);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(other.Username, await browser.SignedInAsAsync());
    }

    [Fact]
    public async Task A_disabled_account_is_not_signed_in_through_its_link()
    {
        var user = NewProviderUser();
        using (var first = Browser())
        {
            await SignInWithProviderAsync(first, user);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var account = await db.Users.SingleAsync(u => u.NormalizedEmail == AccountUser.Normalize(user.Email));
            account.DisabledAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }

        using var browser = Browser();
        var page = await SignInWithProviderAsync(browser, user);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("disabled", page.Html, StringComparison.Ordinal);
        Assert.Null(await browser.SignedInAsAsync());
    }

    [Fact]
    public async Task Links_are_listed_and_removed_but_never_the_last_way_to_sign_in()
    {
        // An account made by the provider has no password: its only link cannot go.
        var user = NewProviderUser();
        using var browser = Browser();
        await SignInWithProviderAsync(browser, user);
        var list = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/session/external-logins"))).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False((bool)list!["hasPassword"]!);
        var login = Assert.Single(list["logins"]!.AsArray())!;
        Assert.Equal(("test", "Test ID", user.Email), ((string?)login["provider"], (string?)login["displayName"], (string?)login["email"]));
        var refused = await browser.SendJsonAsync(HttpMethod.Delete, "/session/external-logins/test");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("is the last way to sign in", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await AccountAsync(user.Email)).Links);

        // An account with a password may drop its link; then the provider no longer signs in to it.
        var existing = await SignUpAsync();
        using var owner = Browser();
        await SignInWithPasswordAsync(owner, existing);
        var linked = NewProviderUser(verified: false);
        await owner.SubmitAsync(await SignInWithProviderAsync(owner, linked), new Dictionary<string, string>());
        Assert.Single((await AccountAsync(existing.Email)).Links);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendJsonAsync(HttpMethod.Delete, "/session/external-logins/test")).StatusCode);
        Assert.Empty((await AccountAsync(existing.Email)).Links);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendJsonAsync(HttpMethod.Delete, "/session/external-logins/test")).StatusCode);

        // Without the antiforgery header the removal is refused.
        var noToken = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/session/external-logins/test"));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task The_links_need_a_session()
    {
        using var browser = Browser();
        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/session/external-logins"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_state_and_a_replayed_callback_are_refused_with_a_page_not_a_500()
    {
        provider.NextUser = NewProviderUser();
        using var browser = Browser();
        var challenge = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, SignIn));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(provider.Authority, authorize.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("code", query["response_type"]);
        // The answer comes back as a query (the code flow's default mode, so the handler leaves the parameter out).
        Assert.True(!query.TryGetValue("response_mode", out var mode) || mode == "query", $"response_mode={mode}");
        Assert.Equal("openid profile email", query["scope"]);
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        var answer = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, authorize));
        var callback = answer.Headers.Location!;
        Assert.Equal("/session/external/test/callback", callback.AbsolutePath);

        var tampered = await browser.BrowseAsync(StateParameter().Replace(callback.ToString(), m => m.Value[..^4] + "AAAA"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.Status);
        Assert.Contains("Sign-in failed", tampered.Html, StringComparison.Ordinal);

        // Another browser (no correlation cookie) cannot use this browser's answer.
        using var attacker = Browser();
        Assert.Equal(HttpStatusCode.BadRequest, (await attacker.BrowseAsync(callback.ToString())).Status);
        Assert.Null(await attacker.SignedInAsAsync());

        var genuine = await browser.BrowseAsync(callback.ToString());
        Assert.Equal("/todo/", genuine.Path);
        Assert.NotNull(await browser.SignedInAsAsync());

        var replayed = await browser.BrowseAsync(callback.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
    }

    [Fact]
    public async Task Completing_without_a_provider_answer_is_a_page_not_a_500()
    {
        using var browser = Browser();
        var page = await browser.BrowseAsync("/session/external/complete");
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("expired", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_off_this_site_is_refused(string returnUrl)
    {
        using var browser = Browser();
        var page = await browser.BrowseAsync("/session/external/test/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("localhost", page.Url.Host);
    }

    [Fact]
    public async Task A_local_return_url_is_where_the_sign_in_ends()
    {
        using var browser = Browser();
        var page = await SignInWithProviderAsync(browser, NewProviderUser(), "/session/external/test/sign-in?returnUrl=" + Uri.EscapeDataString("/todo/?list=x"));
        Assert.Equal("/todo/?list=x", page.Url.PathAndQuery);
    }

    [Fact]
    public async Task A_user_who_cancels_at_the_provider_sees_a_403_page()
    {
        provider.Deny = true;
        try
        {
            using var browser = Browser();
            var page = await SignInWithProviderAsync(browser, NewProviderUser());
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.Contains("cancelled or refused", page.Html, StringComparison.Ordinal);
            Assert.Null(await browser.SignedInAsAsync());
        }
        finally
        {
            provider.Deny = false;
        }
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_is_a_502_page()
    {
        using var browser = Browser();
        var page = await browser.BrowseAsync("/session/external/down/sign-in");
        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Contains("Down ID could not be reached", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_a_404_page()
    {
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.BrowseAsync("/session/external/nope/sign-in")).Status);
    }

    [Fact]
    public async Task The_providers_are_listed_and_the_todo_page_shows_a_button_for_each()
    {
        using var browser = Browser();
        var list = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/session/external/providers"))).Content.ReadFromJsonAsync<JsonObject>();
        var names = list!["providers"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        // Configured providers by name, then the presets (none here).
        Assert.Equal(["down", "test"], names);
        Assert.Equal(SignIn, (string?)list["providers"]![1]!["signInUrl"]);

        var page = await browser.BrowseAsync("/todo/");
        Assert.Contains($"href=\"{SignIn}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Sign in with Test ID", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Link Test ID", page.Html, StringComparison.Ordinal);

        // Signed in, the same link offers to link the provider to the account.
        await SignInWithPasswordAsync(browser, await SignUpAsync());
        var signedIn = await browser.BrowseAsync("/todo/");
        Assert.Contains($"class=\"external-link\" data-provider=\"test\" href=\"{SignIn}\">Link Test ID</a>", signedIn.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in with Test ID", signedIn.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcomes_are_counted_by_provider()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var factory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other hosts in this process have a meter of the same name: only this host's counts.
            if (instrument.Meter.Name == Atrium.Platform.Accounts.ExternalSignIn.ExternalSignInMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var key = string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            counts.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        listener.Start();

        var user = NewProviderUser();
        using (var first = Browser())
        {
            await SignInWithProviderAsync(first, user);
        }

        using (var second = Browser())
        {
            await SignInWithProviderAsync(second, user);
        }

        using (var down = Browser())
        {
            await down.BrowseAsync("/session/external/down/sign-in");
        }

        Assert.Equal(1, counts.GetValueOrDefault("provider=test,outcome=created"));
        Assert.Equal(1, counts.GetValueOrDefault("provider=test,outcome=signed_in"));
        Assert.Equal(1, counts.GetValueOrDefault("provider=down,outcome=unreachable"));
    }

    private sealed record Account(string Username, string Email);

    private async Task<Account> SignUpAsync()
    {
        var username = Api.Unique("pw");
        var email = $"{username}@example.com";
        var response = await app.CreateClient().PostJsonAsync("/api/users", new { user = new { username, email, password = "password123" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new Account(username, email);
    }

    private static async Task SignInWithPasswordAsync(UserAgent browser, Account account)
    {
        var response = await browser.SendJsonAsync(HttpMethod.Post, "/session/sign-in", new { email = account.Email, password = "password123" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(AccountUser? Account, List<Atrium.Platform.Accounts.ExternalSignIn.ExternalLogin> Links)> AccountAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var normalized = AccountUser.Normalize(email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized);
        var links = user is null ? [] : await db.ExternalLogins.AsNoTracking().Where(l => l.UserId == user.Id).ToListAsync();
        return (user, links);
    }

    [GeneratedRegex("(?<=[?&]state=)[^&]+")]
    private static partial Regex StateParameter();
}

public sealed class ExternalSignInTests_Sqlite(SqliteExternalSignInApp app)
    : ExternalSignInTests(app, app.IdentityProvider), IClassFixture<SqliteExternalSignInApp>;

public sealed class ExternalSignInTests_Postgres(PostgresExternalSignInApp app)
    : ExternalSignInTests(app, app.IdentityProvider), IClassFixture<PostgresExternalSignInApp>;
