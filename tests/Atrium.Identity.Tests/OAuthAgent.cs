using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Tests;

public sealed record RegisteredClient(string Id, string? Secret, string RedirectUri, string? PostLogoutRedirectUri = null);

public sealed record TestAccount(string Username, string Email, string Password, string RealWorldToken);

/// <summary>
/// A scripted user agent and OAuth client over a real socket: a cookie jar, redirects followed by hand
/// (so the test sees where each one goes), the sign-in and consent forms filled in as a browser would,
/// antiforgery field included.
/// </summary>
public sealed partial class OAuthAgent : IDisposable
{
    private readonly HttpClient _browser;

    public OAuthAgent(IIdentityServer server)
    {
        Server = server;
        _browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.Address,
        };
        Api = new HttpClient { BaseAddress = server.Address };
    }

    public IIdentityServer Server { get; }

    /// <summary>A cookie-less client for the token, revocation and module endpoints.</summary>
    public HttpClient Api { get; }

    public void Dispose()
    {
        _browser.Dispose();
        Api.Dispose();
    }

    public static async Task<RegisteredClient> AddClientAsync(
        IIdentityServer server, string scopes, bool firstParty = false, bool confidential = true, bool clientCredentials = false, bool redirect = true,
        bool postLogoutRedirect = false)
    {
        var id = Testing.Api.Unique("client");
        var redirectUri = $"http://127.0.0.1:9/{id}/callback";
        var postLogoutRedirectUri = postLogoutRedirect ? $"http://127.0.0.1:9/{id}/signed-out" : null;
        List<string> args = ["client", "add", "--id", id, "--scopes", scopes, confidential ? "--confidential" : "--public"];
        if (redirect)
        {
            args.AddRange(["--redirect-uris", redirectUri]);
        }

        if (postLogoutRedirectUri is not null)
        {
            args.AddRange(["--post-logout-redirect-uris", postLogoutRedirectUri]);
        }

        if (firstParty)
        {
            args.Add("--first-party");
        }

        if (clientCredentials)
        {
            args.Add("--client-credentials");
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AtriumCommands.RunCommandAsync(server.Services, [.. args], CommandConsole.Captured(TextReader.Null, output, error), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        var secret = SecretLine().Match(output.ToString());
        return new RegisteredClient(id, secret.Success ? secret.Groups[1].Value : null, redirectUri, postLogoutRedirectUri);
    }

    public async Task<TestAccount> RegisterAccountAsync()
    {
        var username = Testing.Api.Unique("user");
        var account = new TestAccount(username, $"{username}@example.com", "password123", "");
        var response = await Api.PostAsJsonAsync("/api/users", new { user = new { username, email = account.Email, password = account.Password } });
        var json = await response.Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return account with { RealWorldToken = (string)json!["user"]!["token"]! };
    }

    /// <summary>A RealWorld token of a fresh administrator (created with the admin command, signed in through the API).</summary>
    public async Task<string> AdminTokenAsync()
    {
        var username = Testing.Api.Unique("admin");
        var exit = await AtriumCommands.RunCommandAsync(Server.Services, ["create-admin", "--username", username, "--email", $"{username}@example.com"],
            CommandConsole.Captured(new StringReader("password123\n"), TextWriter.Null, TextWriter.Null), CancellationToken.None);
        Assert.Equal(0, exit);
        var response = await Api.PostAsJsonAsync("/api/users/login", new { user = new { email = $"{username}@example.com", password = "password123" } });
        var json = await response.Content.ReadFromJsonAsync<JsonNode>();
        return (string)json!["user"]!["token"]!;
    }

    public static Pkce NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(RegisteredClient client, string scope, Pkce? pkce, string state, string nonce, string? redirectUri = null, string method = "S256")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = client.Id,
            ["redirect_uri"] = redirectUri ?? client.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = method == "plain" ? pkce.Verifier : pkce.Challenge;
            query["code_challenge_method"] = method;
        }

        return "/connect/authorize" + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }

    /// <summary>GET <paramref name="url"/>, following redirects on this server; stops at a page or at a redirect elsewhere.</summary>
    public async Task<HttpResponseMessage> BrowseAsync(string url)
    {
        var response = await _browser.GetAsync(url);
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            && new Uri(Server.Address, response.Headers.Location!) is var next && next.Authority == Server.Address.Authority)
        {
            response = await _browser.GetAsync(next);
        }

        return response;
    }

    /// <summary>POSTs a form as the browser (its cookies), without following the answer.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields) =>
        _browser.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Whether the browser is signed in to Atrium (its <c>atrium_session</c> still stands).</summary>
    public async Task<bool> IsSignedInAsync()
    {
        var session = await Testing.Api.JsonAsync(await _browser.GetAsync("/session"), HttpStatusCode.OK);
        return session["user"] is not null;
    }

    /// <summary>GET <paramref name="uri"/> (any host), following every redirect: a browser moving between a client app and Atrium.</summary>
    public async Task<HttpResponseMessage> FollowAnywhereAsync(Uri uri)
    {
        var response = await _browser.GetAsync(uri);
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            uri = new Uri(uri, response.Headers.Location!);
            response = await _browser.GetAsync(uri);
        }

        return response;
    }

    /// <summary>Fills in and posts the form on <paramref name="page"/> (hidden fields kept), then follows redirects like <see cref="BrowseAsync"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage page, IDictionary<string, string> fields)
    {
        var html = await page.Content.ReadAsStringAsync();
        var action = FormAction().Match(html).Groups[1].Value;
        var values = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var response = await _browser.PostAsync(action, new FormUrlEncodedContent(values));
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            && new Uri(Server.Address, response.Headers.Location!) is var next && next.Authority == Server.Address.Authority)
        {
            return await BrowseAsync(next.PathAndQuery);
        }

        return response;
    }

    public Task<HttpResponseMessage> SignInAsync(HttpResponseMessage signInPage, TestAccount account) =>
        SubmitAsync(signInPage, new Dictionary<string, string> { ["email"] = account.Email, ["password"] = account.Password });

    /// <summary>The whole code flow up to the redirect back to the client: sign in, consent when asked.</summary>
    public async Task<Uri> AuthorizeAsync(RegisteredClient client, TestAccount account, string scope, Pkce pkce, string state = "st", string nonce = "nc")
    {
        var page = await BrowseAsync(AuthorizeUrl(client, scope, pkce, state, nonce));
        if (page.RequestMessage!.RequestUri!.AbsolutePath == "/connect/login")
        {
            page = await SignInAsync(page, account);
        }

        if (page.StatusCode == HttpStatusCode.OK && (await page.Content.ReadAsStringAsync()).Contains("submit.accept", StringComparison.Ordinal))
        {
            page = await SubmitAsync(page, new Dictionary<string, string> { ["submit.accept"] = "yes" });
        }

        Assert.True(page.StatusCode == HttpStatusCode.Found, $"Expected the redirect to the client, got {(int)page.StatusCode}: {await page.Content.ReadAsStringAsync()}");
        return page.Headers.Location!;
    }

    public static string? Query(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    public async Task<HttpResponseMessage> TokenAsync(RegisteredClient client, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["client_id"] = client.Id };
        if (client.Secret is not null && !form.ContainsKey("client_secret"))
        {
            form["client_secret"] = client.Secret;
        }

        return await Api.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> RedeemAsync(RegisteredClient client, string code, Pkce? pkce, string? redirectUri = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? client.RedirectUri,
        };
        if (pkce is not null)
        {
            form["code_verifier"] = pkce.Verifier;
        }

        return TokenAsync(client, form);
    }

    /// <summary>Sign-in to tokens in one go (code + PKCE), for tests about what comes after.</summary>
    public async Task<JsonNode> SignInForTokensAsync(RegisteredClient client, TestAccount account, string scope)
    {
        var pkce = NewPkce();
        var back = await AuthorizeAsync(client, account, scope, pkce);
        return await (await RedeemAsync(client, Query(back, "code")!, pkce)).JsonOkAsync();
    }

    public HttpClient Bearer(string accessToken)
    {
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    [GeneratedRegex("Secret \\(shown once, stored hashed\\): (\\S+)")]
    private static partial Regex SecretLine();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}

public sealed record Pkce(string Verifier, string Challenge);

public static class OAuthResponses
{
    public static async Task<JsonNode> JsonOkAsync(this HttpResponseMessage response) =>
        await Testing.Api.JsonAsync(response, HttpStatusCode.OK);

    /// <summary>An OAuth error answer: the status and the <c>error</c> code.</summary>
    public static async Task AssertOAuthErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var json = await Testing.Api.JsonAsync(response, status);
        Assert.Equal(error, (string?)json["error"]);
    }

    /// <summary>The claims of a signed JWT (the id token), unverified: the test reads what the server put in.</summary>
    public static JsonNode Payload(string jwt) =>
        JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1]))!;
}
