using Atrium.Platform.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;

namespace Atrium.Platform.Accounts.WebSessions;

public sealed record WebSignUpRequest(string? Username, string? Email, string? Password);

public sealed record WebSignInRequest(string? Email, string? Password);

/// <summary>
/// Who the browser is signed in as (null when nobody), and the antiforgery token its unsafe requests
/// must carry in <c>X-CSRF-Token</c>. Same-origin only: no CORS policy covers <c>/session</c>.
/// </summary>
public sealed record WebSessionResponse(WebSessionUser? User, string? AntiforgeryToken);

public sealed record WebSessionUser(Guid Id, string Username);

/// <summary>
/// <c>/session</c>: sign up, in and out of a browser session (see <see cref="WebSessionSetup"/>).
/// Signing up or in needs an antiforgery token too, so another site cannot sign a visitor into its account.
/// </summary>
public static class WebSessionEndpoints
{
    public static IEndpointRouteBuilder MapWebSessions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/session").WithTags("Web sessions").RequireWebSession();
        var signIn = group.MapGroup("").RequireRateLimiting(RateLimitPolicies.Auth)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ErrorBody), ["application/json"]));
        group.MapGet("", GetSession).WithName("GetWebSession").AllowAnonymous();
        signIn.MapPost("/sign-up", SignUpAsync).WithName("WebSignUp").AllowAnonymous();
        signIn.MapPost("/sign-in", SignInAsync).WithName("WebSignIn").AllowAnonymous();
        group.MapPost("/sign-out", SignOutAsync).WithName("WebSignOut").AllowAnonymous();
        return endpoints;
    }

    public static Ok<WebSessionResponse> GetSession(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(Describe(context, antiforgery));

    public static async Task<Results<Created<WebSessionResponse>, ValidationFailed, ConflictError, AntiforgeryFailed>> SignUpAsync(
        WebSignUpRequest request, HttpContext context, AccountsDbContext db, PasswordHashing passwords, TimeProvider clock,
        WebSessionSignIn sessions, IAntiforgery antiforgery, CancellationToken ct)
    {
        RefreshToken? session = null;
        var (user, error) = await RegisterUser.CreateAsync(
            new RegisterUserFields(request.Username, request.Email, request.Password), db, passwords, clock, u => session = sessions.Stage(u), ct);
        switch (error)
        {
            case ValidationFailed invalid: return invalid;
            case ConflictError taken: return taken;
        }

        await sessions.StartAsync(context, user!, session!, ct);
        return TypedResults.Created("/session", Describe(context, antiforgery));
    }

    public static async Task<Results<Ok<WebSessionResponse>, ValidationFailed, UnauthorizedError, TooManyRequestsError, AntiforgeryFailed>> SignInAsync(
        WebSignInRequest request, HttpContext context, AccountsDbContext db, PasswordHashing passwords, LoginThrottle throttle,
        WebSessionSignIn sessions, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (user, error) = await LoginUser.VerifyAsync(request.Email, request.Password, db, passwords, throttle, ct);
        switch (error)
        {
            case ValidationFailed invalid: return invalid;
            case TooManyRequestsError lockedOut: return lockedOut;
            case UnauthorizedError refused: return refused;
        }

        var session = sessions.Stage(user!);
        await db.SaveChangesAsync(ct);
        await sessions.StartAsync(context, user!, session, ct);
        return TypedResults.Ok(Describe(context, antiforgery));
    }

    /// <summary>Idempotent: signing out without a session is still 204.</summary>
    public static async Task<Results<NoContent, AntiforgeryFailed>> SignOutAsync(HttpContext context, WebSessionSignIn sessions, CancellationToken ct)
    {
        await sessions.EndAsync(context, ct);
        return TypedResults.NoContent();
    }

    // The antiforgery token is bound to the user, so every change of identity hands out a new one.
    private static WebSessionResponse Describe(HttpContext context, IAntiforgery antiforgery)
    {
        var user = CurrentUser.From(context.User).Id is { } id ? new WebSessionUser(id, context.User.Identity?.Name ?? "") : null;
        return new WebSessionResponse(user, antiforgery.GetAndStoreTokens(context).RequestToken);
    }
}
