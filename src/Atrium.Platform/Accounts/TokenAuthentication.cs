using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Platform.Accounts;

/// <summary>JWT bearer authentication that also accepts RealWorld's <c>Authorization: Token &lt;jwt&gt;</c>.</summary>
public static class TokenAuthentication
{
    /// <summary>
    /// The default scheme: sends a bearer token a registered <see cref="IBearerTokenRoute"/> claims (the
    /// authorization server's access tokens) to that route's scheme, and everything else to the JWT handler.
    /// </summary>
    public const string Scheme = "AtriumToken";

    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddJwtBearer()
            .AddPolicyScheme(Scheme, "RealWorld token or OAuth access token", _ => { });
        // The routes are read once, when the scheme's options are built, not on every request.
        services.AddOptions<PolicySchemeOptions>(Scheme).Configure<IEnumerable<IBearerTokenRoute>>((scheme, routes) =>
        {
            var list = routes.ToArray();
            scheme.ForwardDefaultSelector = context => SelectScheme(context, list);
        });
        // A route's scheme may make per-request state when asked to handle the request that its
        // authentication then needs (OpenIddict validation does): it is asked exactly when the selector
        // above would send it this request, and not about every other request.
        services.AddOptions<AuthenticationRequestHandling>().Configure<IEnumerable<IBearerTokenRoute>>((handling, routes) =>
        {
            var list = routes.ToArray();
            foreach (var route in list)
            {
                handling.OnlyWhen(route.Scheme, request => SelectScheme(request.HttpContext, list) == route.Scheme);
            }
        });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, IOptions<AuthOptions>>((jwt, key, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    // Pinned: a token signed any other way (none, RS256 with our key as a secret…) is refused.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadTokenFromHeader,
                    OnTokenValidated = RejectRevokedTokenAsync,
                    OnChallenge = WriteChallenge,
                    OnForbidden = WriteForbidden,
                };
            });
        services.AddAuthorizationBuilder()
            // "Signed in" means an account: a token that names only an OAuth client (client credentials)
            // is refused (403) by every endpoint that acts for a user, whatever module it is in.
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireAssertion(c => CurrentUser.From(c.User).Id is not null).Build())
            .AddPolicy(AdminPolicy.Name, policy => policy.RequireAuthenticatedUser().RequireClaim(AdminPolicy.ClaimType, "true"));
        return services;
    }

    // A string test per request, no lookup: the RealWorld token's path costs what it did before the routes existed.
    private static string SelectScheme(HttpContext context, IBearerTokenRoute[] routes)
    {
        if (routes.Length > 0 && BearerToken(context.Request) is { IsEmpty: false } token)
        {
            foreach (var route in routes)
            {
                if (route.Claims(token))
                {
                    return route.Scheme;
                }
            }
        }

        return JwtBearerDefaults.AuthenticationScheme;
    }

    /// <summary>The token of an <c>Authorization: Bearer …</c> header; empty when there is none.</summary>
    private static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.AsSpan("Bearer ".Length).Trim() : [];
    }

    private static Task ReadTokenFromHeader(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        foreach (var scheme in (ReadOnlySpan<string>)["Token ", "Bearer "])
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                context.Token = header[scheme.Length..].Trim();
                return Task.CompletedTask;
            }
        }

        context.NoResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A signature proves who minted the token, not that it still stands: the account may be gone, or a
    /// password reset or an administrator may have bumped its token version since, or disabled it. The same
    /// primary-key lookup says whether the caller is an administrator. One lookup per signed-in request.
    /// </summary>
    private static async Task RejectRevokedTokenAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        var version = principal?.FindFirst(TokenIssuer.TokenVersionClaim)?.Value;
        if (principal is null || version is null
            || !int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenVersion)
            || CurrentUser.From(principal).Id is not { } userId)
        {
            context.Fail("The token does not name an account version.");
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<AccountsDbContext>();
        var standing = await StandingAsync(db, userId, tokenVersion, context.HttpContext.RequestAborted);
        if (standing is not { } isAdmin)
        {
            context.Fail("The token was revoked.");
            return;
        }

        if (isAdmin && principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(AdminPolicy.ClaimType, "true"));
        }
    }

    /// <summary>A signed-in caller a policy turns away (e.g. <see cref="AdminPolicy"/>): 403 in the error shape.</summary>
    private static Task WriteForbidden(ForbiddenContext context) =>
        ErrorResponses.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, ErrorBody.For("user", "forbidden"));

    /// <summary>
    /// Whether a token minted at <paramref name="tokenVersion"/> still stands for the account (it exists,
    /// is not disabled, and no reset has bumped its version since): null when revoked, else whether the
    /// account is an admin.
    /// </summary>
    public static async Task<bool?> StandingAsync(
        AccountsDbContext db, Guid userId, int tokenVersion, CancellationToken ct)
    {
        var current = await db.Users.Where(u => u.Id == userId)
            .Select(u => new { u.TokenVersion, u.IsAdmin, Disabled = u.DisabledAt != null })
            .FirstOrDefaultAsync(ct);
        return current is null || current.TokenVersion != tokenVersion || current.Disabled
            ? null
            : current.IsAdmin;
    }

    private static async Task WriteChallenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var presented = !string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString());
        context.Response.Headers.WWWAuthenticate = "Token";
        await ErrorResponses.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            ErrorBody.For("token", presented ? "is invalid" : "is missing"));
    }
}

/// <summary>
/// Another issuer's bearer tokens (the OAuth authorization server's): which ones it recognises by their
/// shape, and the authentication scheme that validates them.
/// </summary>
public interface IBearerTokenRoute
{
    string Scheme { get; }

    /// <summary>Cheap and side-effect free: it runs on every request that presents a bearer token.</summary>
    bool Claims(ReadOnlySpan<char> token);
}
