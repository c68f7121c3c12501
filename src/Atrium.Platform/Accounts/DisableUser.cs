namespace Atrium.Platform.Accounts;

/// <summary>
/// An administrator shuts an account out: it can no longer sign in, its access tokens stop working on the
/// next request (the token version is bumped) and its refresh tokens are revoked. Disabling twice is harmless.
/// </summary>
public static class DisableUser
{
    public static void Map(IEndpointRouteBuilder adminGroup) =>
        adminGroup.MapPost("/users/{username}/disable", HandleAsync).WithName(nameof(DisableUser));

    public static async Task<Results<NoContent, NotFoundError, ValidationFailed>> HandleAsync(
        string username, CurrentUser caller, AccountsDbContext db, RefreshTokens refreshTokens, TimeProvider clock,
        CancellationToken ct)
    {
        var normalized = AccountUser.Normalize(username);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, ct);
        if (user is null)
        {
            return new NotFoundError("user");
        }

        if (user.Id == caller.RequiredId)
        {
            return new ValidationFailed("username", "can't be your own account");
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        user.DisabledAt ??= now;
        await refreshTokens.SignOutEverywhereAsync(user, now, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
