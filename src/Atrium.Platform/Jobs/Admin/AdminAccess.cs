using Atrium.Platform.Jobs.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Atrium.Platform.Jobs.Admin;

/// <summary>
/// Who is an administrator: a signed-in account with the admin role (<see cref="AccountUser.IsAdmin"/>, set by
/// the <c>create-admin</c> command), or whose username is in <c>Atrium:Admin:Usernames</c>.
/// The HTML page is opened from a browser link, which sends no <c>Authorization</c> header, so it
/// also accepts the same token from an HttpOnly, SameSite=Strict cookie that its login form sets.
/// </summary>
public sealed class AdminAccess(JobsDbContext db, AccountsDbContext accounts, IOptions<AdminOptions> admins, IOptionsMonitor<JwtBearerOptions> jwt)
{
    public const string CookieName = "atrium_admin";

    public async Task<bool> IsAdminAsync(Guid? userId, CancellationToken ct)
    {
        if (userId is null)
        {
            return false;
        }

        if (await accounts.Users.AnyAsync(u => u.Id == userId && u.IsAdmin && u.DisabledAt == null, ct))
        {
            return true;
        }

        if (admins.Value.Usernames.Length == 0)
        {
            return false;
        }

        var username = await db.Profiles.Where(p => p.Id == userId).Select(p => p.Username).FirstOrDefaultAsync(ct);
        return username is not null && admins.Value.Usernames.Contains(username, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The user a token names when it is valid exactly as the API would accept it, else null.</summary>
    public async Task<(Guid UserId, DateTime Expires)?> ValidateTokenAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
        {
            return null;
        }

        var parameters = jwt.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        if (!result.IsValid
            || result.SecurityToken is not JsonWebToken validated
            || !Guid.TryParse(validated.Subject, out var id)
            || !validated.TryGetPayloadValue<int>(TokenIssuer.TokenVersionClaim, out var tokenVersion))
        {
            return null;
        }

        // The same revocation check as the API's: a reset, a disable or a deleted account ends it here too.
        return await TokenAuthentication.StandingAsync(accounts, id, tokenVersion, CancellationToken.None) is null
            ? null
            : (id, validated.ValidTo);
    }

    public async Task<bool> IsAdminRequestAsync(HttpContext context, CancellationToken ct)
    {
        var user = CurrentUser.From(context.User).Id
            ?? (await ValidateTokenAsync(context.Request.Cookies[CookieName]))?.UserId;
        return await IsAdminAsync(user, ct);
    }
}
