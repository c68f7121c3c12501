using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Accounts.WebSessions;

/// <summary>
/// The browser session: an HttpOnly cookie (never a token a script can read) naming an account and
/// one of its sessions, plus antiforgery on every unsafe request it authenticates. Pages and their
/// same-origin endpoints opt in per route group with <see cref="RequireWebSession{TBuilder}"/>; the
/// API's bearer tokens are untouched (the default scheme stays JWT, so no /api route reads the cookie).
/// </summary>
public static class WebSessionSetup
{
    /// <summary>Authenticates with the session cookie only (the page's endpoints ignore bearer tokens).</summary>
    public static readonly AuthorizationPolicy Policy =
        new AuthorizationPolicyBuilder(WebSessionDefaults.Scheme).RequireAuthenticatedUser().Build();

    public static IHostApplicationBuilder AddWebSessions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Cookies and antiforgery tokens are sealed with the data-protection keys, kept in the
        // shared database so every replica opens what another sealed (see KeyRingDbContext).
        builder.AddModuleDbContext<KeyRingDbContext, SqliteKeyRingDbContext, PostgresKeyRingDbContext>(KeyRingDbContext.Schema);
        services.AddDataProtection().SetApplicationName("Atrium").PersistKeysToDbContext<KeyRingDbContext>();

        services.AddAuthentication().AddCookie(WebSessionDefaults.Scheme, o =>
        {
            o.Cookie.Name = WebSessionDefaults.CookieName;
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: a link from elsewhere to the page still opens it signed in; every
            // unsafe request needs the antiforgery header, which another site cannot send.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = RejectEndedSessionAsync;
            o.Events.OnRedirectToLogin = c => ErrorResponses.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized, ErrorBody.For("session", "is missing"));
            o.Events.OnRedirectToAccessDenied = c => ErrorResponses.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden, ErrorBody.For("user", "forbidden"));
        });
        services.AddOptions<CookieAuthenticationOptions>(WebSessionDefaults.Scheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.RefreshTokenLifetime);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = WebSessionDefaults.AntiforgeryHeader;
            o.Cookie.Name = WebSessionDefaults.AntiforgeryCookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeadersMiddleware already sends the frame policy for every answer.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddScoped<WebSessionSignIn>();
        return builder;
    }

    /// <summary>
    /// The framework loads the key ring when the host starts; here it comes from a table that a host
    /// may start without (a web process ahead of <c>migrate</c>, an API-only test host), and the
    /// failure would be reported as an error. The first cookie or antiforgery token loads it instead.
    /// Call last: every <c>AddAuthentication</c>/<c>AddDataProtection</c> registers the eager load again.
    /// </summary>
    public static IServiceCollection SkipEagerKeyRingLoad(this IServiceCollection services)
    {
        var eagerLoad = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name == "DataProtectionHostedService"
            && d.ImplementationType.Assembly == typeof(DataProtectionOptions).Assembly);
        if (eagerLoad is not null)
        {
            services.Remove(eagerLoad);
        }

        return services;
    }

    /// <summary>
    /// The group's endpoints authenticate with the session cookie (signed-in users only, unless an
    /// endpoint says <c>AllowAnonymous</c>) and refuse unsafe requests without a valid antiforgery token.
    /// </summary>
    public static TBuilder RequireWebSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Policy);
        builder.AddEndpointFilter(RequireAntiforgeryAsync);
        return builder;
    }

    private static async ValueTask<object?> RequireAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (!safe && !await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext))
        {
            return new AntiforgeryFailed();
        }

        return await next(context);
    }

    /// <summary>
    /// A cookie proves who signed in, not that the session still stands: the same check as the
    /// bearer tokens' (account gone, disabled or its token version bumped) plus the session's own row
    /// (revoked by sign-out, a password change or a reset). Two primary-key reads per request.
    /// </summary>
    private static async Task RejectEndedSessionAsync(CookieValidatePrincipalContext context)
    {
        var signIn = SignInClaims.Of(context.Principal);
        var services = context.HttpContext.RequestServices;
        // A cookie without a session row is not one this server issued.
        var stands = signIn.SessionId is not null && await signIn.StandsAsync(
            services.GetRequiredService<AccountsDbContext>(), services.GetRequiredService<RefreshTokens>(), context.HttpContext.RequestAborted);
        if (!stands)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(WebSessionDefaults.Scheme);
        }
    }
}

/// <summary>400: an unsafe request authenticated by a cookie came without a valid antiforgery token.</summary>
public sealed class AntiforgeryFailed() : ApiError(StatusCodes.Status400BadRequest, ErrorBody.For("antiforgery", "is invalid"));
