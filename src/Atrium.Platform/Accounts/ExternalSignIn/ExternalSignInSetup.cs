using Atrium.Platform.RateLimiting;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>
/// One remote authentication scheme per configured provider. Each signs the provider's answer into a
/// short-lived cookie of its own (<see cref="PendingScheme"/>), never the session: the completion
/// step decides what that identity may do (sign in, link after confirmation, create an account).
/// </summary>
public static class ExternalSignInSetup
{
    /// <summary>Holds the provider's verified answer between the callback and the user's confirmation.</summary>
    public const string PendingScheme = "AtriumExternal";

    public const string PendingCookieName = "atrium_external";

    internal const string ProviderItem = "provider";

    private static readonly string[] OpenIdScope = ["openid"];
    internal const string ReturnUrlItem = "returnUrl";

    /// <summary>
    /// Puts the providers' callbacks under the auth rate-limit tier. They are answered inside the
    /// authentication middleware, ahead of the rate limiter, and each one may cost a code exchange with
    /// the provider (and a failure log line): without this, they would be free to repeat. Call before
    /// <c>UseAuthentication</c>.
    /// </summary>
    public static IApplicationBuilder UseExternalSignInRateLimit(this IApplicationBuilder app) =>
        app.UseWhen(IsProviderCallback, branch => branch.Use(async (context, next) =>
        {
            if (await context.RequestServices.GetRequiredService<AuthTierLimiter>().AcquireAsync(context) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }

            await next(context);
        }));

    private static bool IsProviderCallback(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/session/external", StringComparison.OrdinalIgnoreCase)
        && context.RequestServices.GetService<ExternalSignInProviders>() is { } providers
        && providers.All.Any(p => context.Request.Path.Equals(p.CallbackPath, StringComparison.OrdinalIgnoreCase));

    public static IHostApplicationBuilder AddExternalSignIn(this IHostApplicationBuilder builder)
    {
        // Schemes are fixed when the host is built, so the section is read (and checked) here.
        var options = builder.Configuration.GetSection(ExternalSignInOptions.SectionName).Get<ExternalSignInOptions>() ?? new();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ExternalSignInOptions.SectionName, typeof(ExternalSignInOptions), problems);
        }

        var providers = new List<ExternalProvider>();
        var authentication = builder.Services.AddAuthentication();
        authentication.AddCookie(PendingScheme, o =>
        {
            o.Cookie.Name = PendingCookieName;
            o.Cookie.Path = "/session/external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = options.PendingLifetime;
            o.SlidingExpiration = false;
        });

        // By name: configuration sources do not keep the order keys were written in.
        foreach (var (name, provider) in options.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var entry = new ExternalProvider(name, string.IsNullOrWhiteSpace(provider.DisplayName) ? name : provider.DisplayName);
            providers.Add(entry);
            authentication.AddOpenIdConnect(entry.Scheme, entry.DisplayName, o => ConfigureOidc(o, entry, provider));
        }

        if (options.Google.Enabled)
        {
            var google = new ExternalProvider(ExternalSignInProviders.GoogleName, "Google");
            providers.Add(google);
            authentication.AddOpenIdConnect(google.Scheme, google.DisplayName, o => ConfigureOidc(o, google, new OidcProviderOptions
            {
                Authority = "https://accounts.google.com",
                ClientId = options.Google.ClientId,
                ClientSecret = options.Google.ClientSecret,
            }));
        }

        if (options.GitHub.Enabled)
        {
            var github = new ExternalProvider(ExternalSignInProviders.GitHubName, "GitHub");
            providers.Add(github);
            authentication.AddOAuth(github.Scheme, github.DisplayName, o => ConfigureGitHub(o, github, options.GitHub));
        }

        // A provider's handler answers only its own callback paths, all under /session/external.
        builder.Services.Configure<AuthenticationRequestHandling>(handling =>
        {
            foreach (var provider in providers)
            {
                handling.OnlyUnder(provider.Scheme, "/session/external");
            }
        });
        builder.Services.AddSingleton(new ExternalSignInProviders(providers));
        builder.Services.AddScoped<ExternalAccounts>();
        builder.Services.AddSingleton<ExternalSignInMetrics>();
        return builder;
    }

    private static void ConfigureOidc(OpenIdConnectOptions o, ExternalProvider entry, OidcProviderOptions provider)
    {
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = provider.ClientSecret;
        o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        // Query, not form_post: the answer is a top-level GET, so the SameSite=Lax correlation and
        // nonce cookies come back with it (form_post would need SameSite=None, i.e. HTTPS only).
        o.ResponseMode = "query";
        o.CallbackPath = entry.CallbackPath;
        o.SignedOutCallbackPath = $"/session/external/{entry.Name}/signed-out";
        o.RemoteSignOutPath = $"/session/external/{entry.Name}/remote-sign-out";
        o.SignInScheme = PendingScheme;
        o.SaveTokens = false;
        // Keep the protocol's claim names (sub, email, email_verified, preferred_username).
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = provider.UseUserInfoEndpoint;
        o.ClaimActions.MapUniqueJsonKey(ExternalIdentity.EmailVerifiedClaim, ExternalIdentity.EmailVerifiedClaim);
        o.ClaimActions.MapUniqueJsonKey(ExternalIdentity.PreferredUsernameClaim, ExternalIdentity.PreferredUsernameClaim);
        o.Scope.Clear();
        // openid always: without it the provider answers plain OAuth 2.0, with no ID token.
        foreach (var scope in OpenIdScope.Concat(provider.Scopes.Length > 0 ? provider.Scopes : OidcProviderOptions.DefaultScopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        ConfigureCookies(o);
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Events.OnRemoteFailure = ExternalSignInPages.RemoteFailureAsync;
    }

    private static void ConfigureGitHub(OAuthOptions o, ExternalProvider entry, GitHubProviderOptions preset)
    {
        var site = preset.Url.TrimEnd('/');
        var api = preset.ApiUrl.TrimEnd('/');
        o.ClientId = preset.ClientId!;
        o.ClientSecret = preset.ClientSecret!;
        o.AuthorizationEndpoint = $"{site}/login/oauth/authorize";
        o.TokenEndpoint = $"{site}/login/oauth/access_token";
        o.UserInformationEndpoint = $"{api}/user";
        o.UsePkce = true;
        o.CallbackPath = entry.CallbackPath;
        o.SignInScheme = PendingScheme;
        o.Scope.Add("read:user");
        o.Scope.Add("user:email");
        ConfigureCookies(o);
        o.Events.OnRemoteFailure = ExternalSignInPages.RemoteFailureAsync;
        o.Events.OnCreatingTicket = context => ReadGitHubUserAsync(context, $"{api}/user/emails");
    }

    private static void ConfigureCookies(RemoteAuthenticationOptions o)
    {
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.AccessDeniedPath = PathString.Empty;
    }

    /// <summary>
    /// GitHub is OAuth 2.0, not OpenID Connect: the user comes from <c>/user</c>, and the e-mail from
    /// <c>/user/emails</c> (the primary address, and whether GitHub verified it).
    /// </summary>
    private static async Task ReadGitHubUserAsync(OAuthCreatingTicketContext context, string emailsEndpoint)
    {
        using var user = await GitHubGetAsync(context, context.Options.UserInformationEndpoint);
        using var emails = await GitHubGetAsync(context, emailsEndpoint);
        var identity = context.Identity!;
        var root = user.RootElement;
        identity.AddClaim(new Claim(ExternalIdentity.SubjectClaim, root.GetProperty("id").GetRawText()));
        if (root.TryGetProperty("login", out var login) && login.ValueKind == JsonValueKind.String)
        {
            identity.AddClaim(new Claim(ExternalIdentity.PreferredUsernameClaim, login.GetString()!));
        }

        foreach (var email in emails.RootElement.EnumerateArray())
        {
            if (email.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True
                && email.TryGetProperty("email", out var address) && address.ValueKind == JsonValueKind.String)
            {
                var verified = email.TryGetProperty("verified", out var v) && v.ValueKind == JsonValueKind.True;
                identity.AddClaim(new Claim(ExternalIdentity.EmailClaim, address.GetString()!));
                identity.AddClaim(new Claim(ExternalIdentity.EmailVerifiedClaim, verified ? "true" : "false"));
                break;
            }
        }
    }

    private static async Task<JsonDocument> GitHubGetAsync(OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        // GitHub's API refuses requests without a User-Agent.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Atrium", "1.0"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted),
            cancellationToken: context.HttpContext.RequestAborted);
    }
}
