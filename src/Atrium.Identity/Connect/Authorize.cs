using System.Security.Claims;
using Atrium.Identity.Audit;
using Atrium.Platform.Accounts.WebSessions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Connect;

/// <summary>
/// <c>/connect/authorize</c> (authorization code + PKCE; OpenIddict has already checked the client, its
/// exact redirect URI, the scopes and the S256 challenge). Signed out: to the sign-in page and back.
/// A third-party client without the user's standing consent: the consent page, which posts back here.
/// Then the code is issued for the account behind the browser session.
/// </summary>
public static class Authorize
{
    public const string Path = "/connect/authorize";
    private const string AcceptField = "submit.accept";
    private const string DenyField = "submit.deny";

    /// <summary>Added by this server when it sends the user to sign in again: the Unix time the sign-in must follow.</summary>
    public const string SignInAfterParameter = "atrium_signed_in_after";
    private const string SignInAfterPurpose = "Atrium.Identity.SignInAfter";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();

    public static async Task<IResult> HandleAsync(
        HttpContext http, IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
        IOpenIddictScopeManager scopes, AccountsDbContext accounts, IAntiforgery antiforgery, IdentityAudit audit, TimeProvider clock,
        IDataProtectionProvider protection, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(WebSessionDefaults.Scheme);
        var userId = session.Succeeded ? CurrentUser.From(session.Principal).Id : null;
        var user = userId is { } id ? await accounts.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.DisabledAt == null, ct) : null;
        // When the browser session began: the cookie's ticket records it (IssuedUtc, to the second), and
        // sessions are never renewed in place, so it is the time of the last sign-in.
        var authTime = session.Properties?.IssuedUtc;
        var now = clock.GetUtcNow();
        // Time-limited: a marker is for the sign-in it sent the user to, not a lasting way past prompt=login.
        var marker = protection.CreateProtector(SignInAfterPurpose).ToTimeLimitedDataProtector();
        if (user is null || MustSignInAgain(request, authTime, now, marker))
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, user is null ? "The user is not signed in." : "The user must sign in again.")
                : Results.Redirect($"{SignInPage.Path}?returnUrl={Uri.EscapeDataString(Path + QueryString.Create(AfterSignIn(request, now, marker)))}");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, ct)
            ?? throw new InvalidOperationException("OpenIddict validated the client, so it exists.");
        var applicationId = await applications.GetIdAsync(application, ct);
        var subject = user.Id.ToString();
        var granted = await authorizations.FindAsync(subject, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, request.GetScopes(), ct)
            .ToListAsync(ct);
        var firstParty = await applications.GetConsentTypeAsync(application, ct) == ConsentTypes.Implicit;
        var posted = HttpMethods.IsPost(http.Request.Method);
        if (posted && !await antiforgery.IsRequestValidAsync(http))
        {
            return Refuse(Errors.AccessDenied, "The consent form expired.");
        }

        if (posted && http.Request.Form.ContainsKey(DenyField))
        {
            await audit.RecordAsync(AuditKinds.ConsentDenied, request.ClientId, subject, request.GetScopes(), http, ct);
            return Refuse(Errors.AccessDenied, "The user denied the authorization.");
        }

        var consented = firstParty || granted.Count > 0 || (posted && http.Request.Form.ContainsKey(AcceptField));
        if (!consented)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, "The user has not consented to this client.");
            }

            var name = await applications.GetLocalizedDisplayNameAsync(application, ct) ?? request.ClientId;
            return ConsentPage(http, antiforgery, request, name!);
        }

        // auth_time whenever the client asked for max_age (OpenID Connect Core 3.1.2.1: then it is required).
        var identity = AccountClaims.For(user, request.GetScopes(), request.MaxAge is null ? null : authTime);
        identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes(), ct).ToListAsync(ct));
        if (!firstParty)
        {
            // A standing consent: the next request for these scopes skips the page.
            var authorization = granted.LastOrDefault()
                ?? await authorizations.CreateAsync(identity, subject, applicationId!, AuthorizationTypes.Permanent, identity.GetScopes(), ct);
            identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, ct));
            if (granted.Count == 0)
            {
                await audit.RecordAsync(AuditKinds.ConsentGranted, request.ClientId, subject, identity.GetScopes(), http, ct);
            }
        }

        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    internal static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>
    /// <c>prompt=login</c>, or a sign-in older than <c>max_age</c> seconds: the user signs in again. Sent to the
    /// sign-in page, the request comes back marked with when that was (<see cref="SignInAfterParameter"/>, sealed, without
    /// <c>prompt=login</c>), and a sign-in since then satisfies it, so <c>max_age=0</c> does not loop.
    /// </summary>
    private static bool MustSignInAgain(OpenIddictRequest request, DateTimeOffset? authTime, DateTimeOffset now, ITimeLimitedDataProtector marker)
    {
        if (SignedInAfter((string?)request[SignInAfterParameter], marker) is { } after && authTime?.ToUnixTimeSeconds() >= after)
        {
            return false;
        }

        return request.HasPromptValue(PromptValues.Login)
            // In seconds as a double: TimeSpan.FromSeconds throws past ~9.2e11, which any client can send.
            || (request.MaxAge is { } maxAge && (authTime is null || (now - authTime.Value).TotalSeconds > maxAge));
    }

    /// <summary>The request to come back to after the sign-in page: <c>prompt=login</c> done, marked with the time it was asked.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> AfterSignIn(OpenIddictRequest request, DateTimeOffset now, ITimeLimitedDataProtector marker)
    {
        var prompt = string.Join(' ', request.GetPromptValues().Where(p => p != PromptValues.Login));
        foreach (var (name, value) in Parameters(request))
        {
            if (name == OpenIddictConstants.Parameters.Prompt)
            {
                if (prompt.Length > 0)
                {
                    yield return KeyValuePair.Create(name, (string?)prompt);
                }
            }
            else if (name != SignInAfterParameter)
            {
                yield return KeyValuePair.Create(name, value);
            }
        }

        yield return KeyValuePair.Create(SignInAfterParameter,
            (string?)marker.Protect(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), MarkerLifetime));
    }

    // Sealed by this server, so a link cannot carry a made-up time that an old session would satisfy.
    private static readonly TimeSpan MarkerLifetime = TimeSpan.FromMinutes(30);

    private static long? SignedInAfter(string? value, ITimeLimitedDataProtector marker)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return long.TryParse(marker.Unprotect(value), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after)
                ? after
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    // The request's own parameters, without the consent form's fields.
    private static IEnumerable<KeyValuePair<string, string?>> Parameters(OpenIddictRequest request) =>
        Pages.RequestFields(request, AcceptField, DenyField);

    private static IResult ConsentPage(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request, string clientName)
    {
        var items = string.Concat(request.GetScopes().Select(s => $"<li>{Pages.Encode(s)}</li>"));
        var origin = Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect) ? redirect.GetLeftPart(UriPartial.Authority) : null;
        return Pages.Render(http, "Allow access?", $"""
            <p><strong>{Pages.Encode(clientName)}</strong> asks to act on your Atrium account with:</p>
            <ul>{items}</ul>
            <form method="post" action="{Path}">
            {Pages.AntiforgeryField(http, antiforgery)}
            {Pages.Hidden(Parameters(request))}
            <button type="submit" name="{AcceptField}" value="yes">Allow</button>
            <button type="submit" name="{DenyField}" value="no">Deny</button>
            </form>
            """, origin);
    }
}
