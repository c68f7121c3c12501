using System.Security.Claims;

namespace Atrium.Platform.Accounts;

/// <summary>
/// The administrator role. The flag lives on the account (<see cref="AccountUser.IsAdmin"/>), not in the
/// token: the per-request token check reads it with the token version and adds <see cref="ClaimType"/>,
/// so promoting or demoting takes effect on the next request.
/// </summary>
public static class AdminPolicy
{
    /// <summary>The authorization policy name for admin-only endpoints.</summary>
    public const string Name = "Admin";

    /// <summary>The claim the token check adds to an administrator's principal (never issued in a token).</summary>
    public const string ClaimType = "atrium:admin";

    public static bool IsAdmin(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && principal.HasClaim(ClaimType, "true");
}
