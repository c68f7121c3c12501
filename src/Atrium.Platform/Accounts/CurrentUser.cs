using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Platform.Accounts;

/// <summary>Who is calling: a handler parameter bound from the validated token (anonymous when there is none).</summary>
public sealed record CurrentUser(Guid? Id, bool IsAdmin = false, bool IsScoped = false)
{
    public bool IsAuthenticated => Id is not null;

    /// <summary>The caller's id on endpoints whose group requires authorization.</summary>
    public Guid RequiredId => Id ?? throw new InvalidOperationException("This endpoint requires an authenticated user.");

    /// <summary>
    /// The RealWorld token a user answer carries. A scoped caller (an OAuth client's access token) gets
    /// none: a freshly minted RealWorld token has no scopes, so handing one out would widen its access
    /// to every module; it already holds the token it called with.
    /// </summary>
    public string TokenFor(AccountUser user, TokenIssuer tokens) => IsScoped ? "" : tokens.Issue(user);

    public static ValueTask<CurrentUser?> BindAsync(HttpContext context) => ValueTask.FromResult<CurrentUser?>(From(context.User));

    public static CurrentUser From(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true
        && Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id)
            ? new CurrentUser(id, AdminPolicy.IsAdmin(principal), principal.HasClaim(TokenScopes.ScopedClaim, "true"))
            : new CurrentUser((Guid?)null);
}
