using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Atrium.Platform.Accounts;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>
/// A stand-in for GitHub (github.com has no local twin, and the tests never use the internet): the
/// four endpoints the GitHub preset calls, as GitHub documents them — authorize (redirect with code
/// and state), access_token (checks the client secret and the PKCE verifier against the S256
/// challenge; one use per code), <c>/user</c> and <c>/user/emails</c> (bearer token). It checks what
/// Atrium sends; it is not an OpenID Connect provider (GitHub is not one either).
/// </summary>
public sealed class GitHubStandIn : IAsyncDisposable
{
    public const string ClientId = "gh-client";
    public const string ClientSecret = "gh-secret";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Challenge, GitHubUser User)> codes = new();
    private readonly ConcurrentDictionary<string, GitHubUser> tokens = new();

    private GitHubStandIn(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        app = builder.Build();
        app.MapGet("/login/oauth/authorize", (Func<HttpContext, IResult>)Authorize);
        app.MapPost("/login/oauth/access_token", (Func<HttpContext, Task<IResult>>)AccessTokenAsync);
        app.MapGet("/api/v3/user", (HttpContext c) => User(c) is { } u ? Results.Json(new { id = u.Id, login = u.Login }) : Results.Unauthorized());
        app.MapGet("/api/v3/user/emails", (HttpContext c) => RefuseEmails ? Results.StatusCode(StatusCodes.Status403Forbidden) : User(c) is { } u
            ? Results.Json(new object[] { new { email = "other@example.com", primary = false, verified = true }, new { email = u.Email, primary = true, verified = u.Verified } })
            : Results.Unauthorized());
    }

    public sealed record GitHubUser(long Id, string Login, string Email, bool Verified);

    public string Url { get; }

    public GitHubUser? NextUser { get; set; }

    /// <summary>Answer /user/emails with 403, as GitHub does when the token lacks the user:email scope.</summary>
    public bool RefuseEmails { get; set; }

    public static async Task<GitHubStandIn> StartAsync()
    {
        var standIn = new GitHubStandIn(FreePort.Next());
        await standIn.app.StartAsync();
        return standIn;
    }

    private IResult Authorize(HttpContext context)
    {
        var q = context.Request.Query;
        if (q["client_id"] != ClientId || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) || NextUser is not { } user)
        {
            return Results.BadRequest("bad authorization request");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        codes[code] = (q["code_challenge"]!, user);
        return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] }));
    }

    private async Task<IResult> AccessTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret
            || !codes.TryRemove(form["code"].ToString(), out var issued) || issued.Challenge != challenge)
        {
            return Results.Json(new { error = "bad_verification_code" });
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        tokens[token] = issued.User;
        return Results.Json(new { access_token = token, token_type = "bearer", scope = "read:user,user:email" });
    }

    private GitHubUser? User(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && context.Request.Headers.UserAgent.Count > 0 && tokens.TryGetValue(header[7..], out var user)
            ? user
            : null;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed class GitHubApp : SqliteApp
{
    public GitHubStandIn GitHub { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        GitHub = await GitHubStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHub.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:ExternalSignIn:GitHub:ClientId", GitHubStandIn.ClientId);
        builder.UseSetting("Atrium:ExternalSignIn:GitHub:ClientSecret", GitHubStandIn.ClientSecret);
        // As for GitHub Enterprise Server: the site and its API under /api/v3.
        builder.UseSetting("Atrium:ExternalSignIn:GitHub:Url", GitHub.Url);
        builder.UseSetting("Atrium:ExternalSignIn:GitHub:ApiUrl", GitHub.Url + "/api/v3");
    }
}

/// <summary>The GitHub preset (OAuth 2.0 + the REST API for the user and the verified primary e-mail), against <see cref="GitHubStandIn"/>.</summary>
public sealed class GitHubSignInTests(GitHubApp app) : IClassFixture<GitHubApp>
{
    private const string SignIn = "/session/external/github/sign-in?returnUrl=%2Ftodo%2F";

    [Fact]
    public async Task A_verified_primary_email_signs_in_with_a_new_account_named_after_the_login()
    {
        var login = Api.Unique("octo");
        app.GitHub.NextUser = new GitHubStandIn.GitHubUser(RandomNumberGenerator.GetInt32(1, int.MaxValue), login, $"{login}@example.com", Verified: true);
        using var browser = new UserAgent(app.Server.CreateHandler());
        var page = await browser.BrowseAsync(SignIn);
        Assert.Equal("/todo/", page.Path);
        Assert.Equal(login, await browser.SignedInAsAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var link = await db.ExternalLogins.SingleAsync(l => l.Provider == "github" && l.Email == $"{login}@example.com");
        Assert.Equal(app.GitHub.NextUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), link.Subject);
    }

    [Fact]
    public async Task An_unverified_primary_email_is_refused()
    {
        var login = Api.Unique("octo");
        app.GitHub.NextUser = new GitHubStandIn.GitHubUser(RandomNumberGenerator.GetInt32(1, int.MaxValue), login, $"{login}@example.com", Verified: false);
        using var browser = new UserAgent(app.Server.CreateHandler());
        var page = await browser.BrowseAsync(SignIn);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("GitHub has not verified your e-mail address", page.Html, StringComparison.Ordinal);
        Assert.Null(await browser.SignedInAsAsync());
    }

    [Fact]
    public async Task GitHub_refusing_the_email_request_is_a_failed_sign_in_not_an_unreachable_provider()
    {
        var login = Api.Unique("octo");
        app.GitHub.NextUser = new GitHubStandIn.GitHubUser(RandomNumberGenerator.GetInt32(1, int.MaxValue), login, $"{login}@example.com", Verified: true);
        app.GitHub.RefuseEmails = true;
        try
        {
            using var browser = new UserAgent(app.Server.CreateHandler());
            var page = await browser.BrowseAsync(SignIn);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.DoesNotContain("could not be reached", page.Html, StringComparison.Ordinal);
            Assert.Null(await browser.SignedInAsAsync());
        }
        finally
        {
            app.GitHub.RefuseEmails = false;
        }
    }
}
