using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;

namespace Atrium.Identity.Connect;

/// <summary>
/// <c>/connect/login</c>: the authorization server's sign-in form. Success starts the same browser
/// session as the todo page's sign-in (the <c>atrium_session</c> cookie), which then is the server's
/// login state, and goes back to the authorization request.
/// </summary>
public static class SignInPage
{
    public const string Path = "/connect/login";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path).ExcludeFromDescription().AllowAnonymous();
        group.MapGet("", Show);
        group.MapPost("", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth).DisableAntiforgery();
    }

    public static IResult Show(HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
        Form(http, antiforgery, Safe(returnUrl), email: null, error: null);

    public static async Task<IResult> SignInAsync(
        HttpContext http, IAntiforgery antiforgery, AccountsDbContext db, PasswordHashing passwords, LoginThrottle throttle,
        WebSessionSignIn sessions, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = Safe(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Form(http, antiforgery, returnUrl, form["email"], "The form expired; please try again.");
        }

        var (user, error) = await LoginUser.VerifyAsync(form["email"], form["password"], db, passwords, throttle, ct);
        if (user is null)
        {
            http.Response.StatusCode = error?.StatusCode ?? StatusCodes.Status401Unauthorized;
            var message = error is TooManyRequestsError ? "Too many attempts; please wait and try again." : "Wrong e-mail or password.";
            return Form(http, antiforgery, returnUrl, form["email"], message);
        }

        var session = sessions.Stage(user);
        await db.SaveChangesAsync(ct);
        await sessions.StartAsync(http, user, session, ct);
        return Results.Redirect(returnUrl);
    }

    /// <summary>Only back to the authorization endpoint: never an open redirect.</summary>
    private static string Safe(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(Authorize.Path + "?", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? email, string? error) =>
        Pages.Render(http, "Sign in", $"""
            {(error is null ? "" : $"<p role=\"alert\">{Pages.Encode(error)}</p>")}
            <form method="post" action="{Path}">
            {Pages.AntiforgeryField(http, antiforgery)}
            {Pages.Hidden("returnUrl", returnUrl)}
            <p><label>E-mail <input type="email" name="email" value="{Pages.Encode(email)}" autocomplete="username" required></label></p>
            <p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            """);
}
