using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Accounts.ExternalSignIn;

public sealed record ExternalProvidersResponse(IReadOnlyList<ExternalProviderResponse> Providers);

public sealed record ExternalProviderResponse(string Name, string DisplayName, string SignInUrl);

public sealed record ExternalLoginsResponse(IReadOnlyList<ExternalLoginResponse> Logins, bool HasPassword);

public sealed record ExternalLoginResponse(string Provider, string DisplayName, string? Email, DateTime CreatedAt);

/// <summary>
/// "Sign in with …" for the web page. The flow: <c>GET /session/external/{provider}/sign-in</c>
/// challenges the provider; its answer comes back to the provider's callback path, where the handler
/// checks state, nonce and PKCE and stores the identity in a short-lived pending cookie; then
/// <c>/session/external/complete</c> signs in the linked account, asks the owner of a matching account
/// to confirm the link, or creates an account, and ends by starting the usual web session.
/// </summary>
public static partial class ExternalSignInEndpoints
{
    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/session").WithTags("Web sessions").RequireWebSession();
        var flow = group.MapGroup("/external").RequireRateLimiting(RateLimitPolicies.Auth);
        group.MapGet("/external/providers", ListProviders).WithName("ListExternalProviders").AllowAnonymous();
        // Pages a browser navigates through, not an API.
        flow.MapGet("/{provider}/sign-in", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        flow.MapGet("/complete", CompleteAsync).AllowAnonymous().ExcludeFromDescription();
        flow.MapPost("/complete", ConfirmAsync).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/external-logins", ListLoginsAsync).WithName("ListExternalLogins");
        group.MapDelete("/external-logins/{provider}", RemoveLoginAsync).WithName("RemoveExternalLogin");
        return endpoints;
    }

    public static Ok<ExternalProvidersResponse> ListProviders(ExternalSignInProviders providers, string? returnUrl = null)
    {
        var back = LocalUrl.IsLocal(returnUrl) ? returnUrl! : LocalUrl.Default;
        return TypedResults.Ok(new ExternalProvidersResponse(
            providers.All.Select(p => new ExternalProviderResponse(p.Name, p.DisplayName, ExternalSignInProviders.SignInUrl(p, back))).ToList()));
    }

    /// <summary>
    /// Starts the provider's sign-in. A GET (a link, not a form): the page's CSP <c>form-action 'self'</c>
    /// would block a form whose answer redirects to the provider. Nothing changes here; state, nonce and
    /// PKCE bind the answer to this browser.
    /// </summary>
    public static async Task<IResult> SignInAsync(
        string provider, string? returnUrl, HttpContext context, ExternalSignInProviders providers, ExternalSignInMetrics metrics, ILoggerFactory loggers)
    {
        if (providers.Find(provider) is not { } entry)
        {
            return ExternalSignInPages.Error(StatusCodes.Status404NotFound, "Sign-in failed", "There is no such sign-in provider.");
        }

        if (returnUrl is not null && !LocalUrl.IsLocal(returnUrl))
        {
            return ExternalSignInPages.Error(StatusCodes.Status400BadRequest, "Sign-in failed", "The return address must be a page of this site.");
        }

        var properties = new AuthenticationProperties { RedirectUri = "/session/external/complete" };
        properties.Items[ExternalSignInSetup.ProviderItem] = entry.Name;
        properties.Items[ExternalSignInSetup.ReturnUrlItem] = returnUrl ?? LocalUrl.Default;
        try
        {
            await context.ChallengeAsync(entry.Scheme, properties);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && ExternalSignInPages.Unreachable(e))
        {
            // The provider's discovery document could not be fetched: the provider is down or unreachable.
            LogUnreachable(loggers.CreateLogger(typeof(ExternalSignInEndpoints)), entry.Name, e.Message);
            metrics.Record(entry.Name, "unreachable");
            return ExternalSignInPages.Error(StatusCodes.Status502BadGateway, "Sign-in failed", $"{entry.DisplayName} could not be reached. Try again later.");
        }

        return Results.Empty;
    }

    public static async Task<IResult> CompleteAsync(
        HttpContext context, ExternalSignInProviders providers, ExternalAccounts accounts, AccountsDbContext db,
        WebSessionSignIn sessions, IAntiforgery antiforgery, ExternalSignInMetrics metrics, CancellationToken ct)
    {
        if (ExternalIdentity.From(await context.AuthenticateAsync(ExternalSignInSetup.PendingScheme), providers) is not { } identity)
        {
            return Expired();
        }

        // (a) A known link: sign its account in — but never swap a signed-in user into another account.
        if (await accounts.LinkedUserAsync(identity, ct) is { } linked)
        {
            if (CurrentUser.From(context.User).Id is { } current && current != linked.Id)
            {
                metrics.Record(identity.Provider.Name, "refused");
                return ExternalSignInPages.Error(StatusCodes.Status409Conflict, "Not linked",
                    $"This {identity.Provider.DisplayName} identity is linked to another account. Sign out first to use it.", identity.ReturnUrl);
            }

            metrics.Record(identity.Provider.Name, linked.DisabledAt is null ? "signed_in" : "refused");
            return await StartSessionAsync(context, identity, linked, db, sessions, ct);
        }

        // Signed in already: link to this account once the user confirms (no password needed).
        if (CurrentUser.From(context.User).Id is { } signedIn)
        {
            var current = await db.Users.FirstAsync(u => u.Id == signedIn, ct);
            metrics.Record(identity.Provider.Name, "confirmation");
            return await accounts.HasLinkAsync(current.Id, identity.Provider.Name, ct)
                ? AlreadyLinked(identity)
                : ExternalSignInPages.Confirm(identity, current, needsPassword: false, Token(context, antiforgery), error: null);
        }

        if (identity.Email is null || !identity.EmailVerified)
        {
            metrics.Record(identity.Provider.Name, "refused");
        }

        if (identity.Email is null)
        {
            return ExternalSignInPages.Error(StatusCodes.Status403Forbidden, "Sign-in refused",
                $"{identity.Provider.DisplayName} did not share an e-mail address, which a new account needs.", identity.ReturnUrl);
        }

        // Never act on an address the provider has not verified: it may belong to someone else.
        if (!identity.EmailVerified)
        {
            return ExternalSignInPages.Error(StatusCodes.Status403Forbidden, "Sign-in refused",
                $"{identity.Provider.DisplayName} has not verified your e-mail address, so it cannot sign you in here. " +
                $"Verify it there, or sign in here with your password first and then use \"Link {identity.Provider.DisplayName}\".", identity.ReturnUrl);
        }

        // (b) A verified e-mail that an account has: only its owner may link it.
        if (await accounts.UserByVerifiedEmailAsync(identity, ct) is { } owner)
        {
            metrics.Record(identity.Provider.Name, "confirmation");
            return ExternalSignInPages.Confirm(identity, owner, needsPassword: true, Token(context, antiforgery), error: null);
        }

        // (c) Nobody: a new account, linked.
        RefreshToken? session = null;
        if (await accounts.CreateAsync(identity, u => session = sessions.Stage(u), ct) is not { } created)
        {
            return ExternalSignInPages.Error(StatusCodes.Status409Conflict, "Sign-in failed",
                "Another sign-in with the same account happened at the same time. Start again.", identity.ReturnUrl);
        }

        metrics.Record(identity.Provider.Name, "created");
        return await FinishAsync(context, identity, created, session!, sessions, ct);
    }

    /// <summary>The confirmation form: links the identity to the signed-in account, or to the e-mail's account once its password is right.</summary>
    public static async Task<IResult> ConfirmAsync(
        HttpContext context, ExternalSignInProviders providers, ExternalAccounts accounts, AccountsDbContext db, PasswordHashing passwords,
        LoginThrottle throttle, WebSessionSignIn sessions, IAntiforgery antiforgery, ExternalSignInMetrics metrics, CancellationToken ct)
    {
        if (ExternalIdentity.From(await context.AuthenticateAsync(ExternalSignInSetup.PendingScheme), providers) is not { } identity)
        {
            return Expired();
        }

        if (await accounts.LinkedUserAsync(identity, ct) is { } linked)
        {
            return await StartSessionAsync(context, identity, linked, db, sessions, ct);
        }

        AccountUser account;
        if (CurrentUser.From(context.User).Id is { } signedIn)
        {
            account = await db.Users.FirstAsync(u => u.Id == signedIn, ct);
        }
        else if (await accounts.UserByVerifiedEmailAsync(identity, ct) is { } owner)
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
            var (verified, error) = await LoginUser.VerifyAsync(owner.Email, form?["password"].ToString(), db, passwords, throttle, ct);
            if (verified is null)
            {
                var (status, message) = error switch
                {
                    TooManyRequestsError => (StatusCodes.Status429TooManyRequests, "Too many attempts. Try again later."),
                    UnauthorizedError { Value.Errors: var errors } when errors.ContainsKey("account") => (StatusCodes.Status403Forbidden, "This account is disabled."),
                    _ => (StatusCodes.Status401Unauthorized, "That password is not right."),
                };
                return ExternalSignInPages.Confirm(identity, owner, needsPassword: true, Token(context, antiforgery), message, status);
            }

            account = owner;
        }
        else
        {
            return Expired();
        }

        if (account.DisabledAt is not null)
        {
            return Disabled(identity);
        }

        if (await accounts.HasLinkAsync(account.Id, identity.Provider.Name, ct))
        {
            return AlreadyLinked(identity);
        }

        accounts.StageLink(account, identity);
        var session = sessions.Stage(account);
        if (!await accounts.SaveLinkAsync(account, identity, ct))
        {
            return AlreadyLinked(identity);
        }

        metrics.Record(identity.Provider.Name, "linked");
        return await FinishAsync(context, identity, account, session, sessions, ct);
    }

    public static async Task<Ok<ExternalLoginsResponse>> ListLoginsAsync(
        CurrentUser caller, AccountsDbContext db, ExternalSignInProviders providers, CancellationToken ct)
    {
        var userId = caller.RequiredId;
        var logins = await db.ExternalLogins.AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ToListAsync(ct);
        var hasPassword = await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash != "").FirstAsync(ct);
        return TypedResults.Ok(new ExternalLoginsResponse(
            logins.Select(l => new ExternalLoginResponse(l.Provider, providers.Find(l.Provider)?.DisplayName ?? l.Provider, l.Email, l.CreatedAt)).ToList(),
            hasPassword));
    }

    /// <summary>Removes a link, unless it is the account's last way to sign in (no password, no other link): 409 then.</summary>
    public static async Task<Results<NoContent, NotFoundError, LastSignInMethod, AntiforgeryFailed>> RemoveLoginAsync(
        string provider, CurrentUser caller, AccountsDbContext db, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var userId = caller.RequiredId;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Writing the account's row first serialises concurrent removals for one account, so two of
        // them cannot each leave "another way in" that the other is taking away.
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedAt, now), ct);
        var link = await db.ExternalLogins.AsNoTracking().FirstOrDefaultAsync(l => l.UserId == userId && l.Provider == provider, ct);
        if (link is null)
        {
            return new NotFoundError("external_login");
        }

        var hasPassword = await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash != "").FirstAsync(ct);
        if (!hasPassword && !await db.ExternalLogins.AnyAsync(l => l.UserId == userId && l.Id != link.Id, ct))
        {
            return new LastSignInMethod();
        }

        await db.ExternalLogins.Where(l => l.Id == link.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        var logger = loggers.CreateLogger(typeof(ExternalSignInEndpoints));
        LogRemoved(logger, provider, userId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> StartSessionAsync(
        HttpContext context, ExternalIdentity identity, AccountUser user, AccountsDbContext db, WebSessionSignIn sessions, CancellationToken ct)
    {
        if (user.DisabledAt is not null)
        {
            return Disabled(identity);
        }

        var session = sessions.Stage(user);
        await db.SaveChangesAsync(ct);
        return await FinishAsync(context, identity, user, session, sessions, ct);
    }

    /// <summary>The web session starts, the pending identity is spent, and the browser goes back where it came from (a local URL only).</summary>
    private static async Task<IResult> FinishAsync(
        HttpContext context, ExternalIdentity identity, AccountUser user, RefreshToken session, WebSessionSignIn sessions, CancellationToken ct)
    {
        await context.SignOutAsync(ExternalSignInSetup.PendingScheme);
        await sessions.StartAsync(context, user, session, ct);
        return Results.Redirect(identity.ReturnUrl);
    }

    private static string Token(HttpContext context, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(context).RequestToken ?? "";

    private static IResult Expired() => ExternalSignInPages.Error(StatusCodes.Status400BadRequest, "Sign-in failed",
        "This sign-in has expired or was already completed. Start again.");

    private static IResult AlreadyLinked(ExternalIdentity identity) => ExternalSignInPages.Error(StatusCodes.Status409Conflict, "Not linked",
        $"Your account is already linked to another {identity.Provider.DisplayName} identity. Remove that link first.", identity.ReturnUrl);

    private static IResult Disabled(ExternalIdentity identity) => ExternalSignInPages.Error(StatusCodes.Status403Forbidden, "Sign-in refused",
        "This account is disabled.", identity.ReturnUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "External login {Provider} removed from account {UserId}")]
    private static partial void LogRemoved(ILogger logger, string provider, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "External sign-in provider {Provider} is unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string provider, string reason);
}

/// <summary>409: removing this link would leave the account no way to sign in.</summary>
public sealed class LastSignInMethod()
    : ApiError(StatusCodes.Status409Conflict, ErrorBody.For("external_login", "is the last way to sign in; set a password first")),
      Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ErrorBody), ["application/json"]));
}
