using Atrium.Identity.Audit;
using Atrium.Platform.Accounts.WebSessions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Connect;

/// <summary>
/// <c>/connect/logout</c>, the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0). OpenIddict has
/// already checked the <c>id_token_hint</c> (issued here) and that <c>post_logout_redirect_uri</c> is one
/// registered for the client, refusing the request otherwise (no redirect, the session stands).
/// The browser session ends at once when the hint names the signed-in account: only the client holds that
/// id token. Without it (a bare link, another site's GET) the user confirms on a form with an antiforgery
/// token first, so no other site can sign them out. Then back to the client with its <c>state</c>, or a
/// "signed out" page when the client gave no post-logout URI.
/// </summary>
public static class EndSession
{
    public const string Path = "/connect/logout";
    private const string ConfirmField = "submit.logout";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();

    public static async Task<IResult> HandleAsync(
        HttpContext http, IAntiforgery antiforgery, WebSessionSignIn sessions, IdentityAudit audit, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(WebSessionDefaults.Scheme);
        var userId = session.Succeeded ? CurrentUser.From(session.Principal).Id : null;
        if (userId is null)
        {
            // Nobody to sign out: nothing another site could abuse either.
            return Finish(http, request);
        }

        // The id token the client holds (OpenIddict validated its signature and issuer).
        var hint = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var hinted = hint?.GetClaim(Claims.Subject) == userId.ToString();
        if (!hinted)
        {
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                return ConfirmPage(http, antiforgery, request);
            }

            if (!await antiforgery.IsRequestValidAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Pages.Render(http, "Sign out?", "<p role=\"alert\">The form expired; go back to the application and sign out again.</p>");
            }
        }

        // The platform's own sign-out: revokes the session's row and clears the cookie.
        await sessions.EndAsync(http, session.Principal, ct);
        var clientId = request.ClientId ?? (hinted ? hint!.GetAudiences().FirstOrDefault() : null);
        await audit.RecordAsync(AuditKinds.SignedOut, clientId, userId.ToString(), scopes: null, http, ct);
        return Finish(http, request);
    }

    /// <summary>To the validated post-logout URI (OpenIddict adds <c>state</c>), or the signed-out page.</summary>
    private static IResult Finish(HttpContext http, OpenIddictRequest request) =>
        string.IsNullOrEmpty(request.PostLogoutRedirectUri)
            ? Pages.Render(http, "You are signed out", "<p>You are signed out of Atrium. You can close this window.</p>")
            : Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult ConfirmPage(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request)
    {
        var origin = Uri.TryCreate(request.PostLogoutRedirectUri, UriKind.Absolute, out var back) ? back.GetLeftPart(UriPartial.Authority) : null;
        return Pages.Render(http, "Sign out?", $"""
            <p>Do you want to sign out of Atrium?</p>
            <form method="post" action="{Path}">
            {Pages.AntiforgeryField(http, antiforgery)}
            {Pages.Hidden(Pages.RequestFields(request, ConfirmField))}
            <button type="submit" name="{ConfirmField}" value="yes">Sign out</button>
            </form>
            """, origin);
    }
}
