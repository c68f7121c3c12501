using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Atrium.Platform.Accounts.WebSessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Page;

/// <summary>
/// The page as a first-party OAuth client of Atrium's authorization server (enabled by
/// <see cref="TodoOptions.OAuthClientId"/>): <c>/todo/sign-in</c> starts the authorization code flow with
/// PKCE, state and nonce kept in a sealed, short-lived cookie; <c>/todo/signed-in</c> checks the state,
/// redeems the code, checks the id token's nonce and ends with the browser session cookie for that
/// account — the one the authorization server's sign-in page set, or a new one.
/// </summary>
public static class OAuthSignIn
{
    public const string HttpClientName = "atrium-todo-oauth";
    private const string CookieName = "atrium_todo_oauth";
    private const string Purpose = "Atrium.Todo.OAuthSignIn";

    public static void Map(RouteGroupBuilder page)
    {
        page.MapGet("/sign-in", Start).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/signed-in", CompleteAsync).AllowAnonymous().ExcludeFromDescription();
    }

    public static IResult Start(HttpContext context, IDataProtectionProvider protection, IOptions<TodoOptions> options)
    {
        if (options.Value.OAuthClientId is not { } clientId)
        {
            return Results.NotFound();
        }

        var state = Random();
        var nonce = Random();
        var verifier = Random();
        context.Response.Cookies.Append(CookieName, protection.CreateProtector(Purpose).Protect($"{state} {nonce} {verifier}"), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/todo",
            MaxAge = TimeSpan.FromMinutes(10),
        });
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return Results.Redirect(Authority(options.Value) + "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri(context),
            ["response_type"] = "code",
            ["scope"] = "openid profile todo",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
    }

    public static async Task<IResult> CompleteAsync(
        HttpContext context, IDataProtectionProvider protection, IOptions<TodoOptions> options, IHttpClientFactory http,
        CurrentUser caller, AccountsDbContext accounts, WebSessionSignIn sessions, CancellationToken ct)
    {
        var query = context.Request.Query;
        var sealedState = context.Request.Cookies[CookieName];
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/todo" });
        if (options.Value.OAuthClientId is not { } clientId || sealedState is null || !TryUnprotect(protection, sealedState, out var saved)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(saved[0]), Encoding.UTF8.GetBytes(query["state"].ToString()))
            || query["code"].ToString() is not { Length: > 0 } code)
        {
            // Denied, expired, or not a flow this browser started: back to the page, signed out as before.
            return Results.Redirect("/todo/");
        }

        JsonElement tokens;
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.PostAsync(Authority(options.Value) + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = RedirectUri(context),
                ["client_id"] = clientId,
                ["code_verifier"] = saved[2],
            }), ct);
            tokens = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : default;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // The authorization server is unreachable or answered nonsense: back to the page, signed out.
            return Results.Redirect("/todo/");
        }

        // Straight from the configured authority's token endpoint: the id token's claims are read, not its
        // signature verified (OpenID Connect Core 3.1.3.7); the nonce ties it to this browser's request.
        if (tokens.ValueKind != JsonValueKind.Object || !tokens.TryGetProperty("id_token", out var idToken)
            || ReadClaims(idToken.GetString()) is not { } claims
            || !claims.TryGetProperty("nonce", out var nonce) || nonce.GetString() != saved[1]
            || !claims.TryGetProperty("sub", out var sub) || !Guid.TryParse(sub.GetString(), out var userId))
        {
            return Results.Redirect("/todo/");
        }

        // The page's group authenticates with the session cookie: the caller is whoever it names.
        if (caller.Id != userId
            && await accounts.Users.FirstOrDefaultAsync(u => u.Id == userId && u.DisabledAt == null, ct) is { } user)
        {
            var row = sessions.Stage(user);
            await accounts.SaveChangesAsync(ct);
            await sessions.StartAsync(context, user, row, ct);
        }

        return Results.Redirect("/todo/");
    }

    private static string Random() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    // Configured, never taken from the request: the Host header must not choose whom the code is sent to
    // and whose id token is believed.
    private static string Authority(TodoOptions options) =>
        (options.OAuthAuthority ?? throw new InvalidOperationException("Atrium:Todo:OAuthAuthority is not set.")).ToString().TrimEnd('/');

    private static string RedirectUri(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/todo/signed-in";

    private static bool TryUnprotect(IDataProtectionProvider protection, string value, out string[] parts)
    {
        try
        {
            parts = protection.CreateProtector(Purpose).Unprotect(value).Split(' ');
            return parts.Length == 3;
        }
        catch (CryptographicException)
        {
            parts = [];
            return false;
        }
    }

    private static JsonElement? ReadClaims(string? jwt)
    {
        var segments = jwt?.Split('.');
        if (segments is not { Length: 3 })
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(WebEncoders.Base64UrlDecode(segments[1])).RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
