namespace Atrium.Platform.Accounts;

public static class GetCurrentUser
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/user", HandleAsync).WithName(nameof(GetCurrentUser));

    public static async Task<Results<Ok<UserEnvelope>, UnauthorizedError>> HandleAsync(
        CurrentUser caller, AccountsDbContext db, TokenIssuer tokens, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == caller.RequiredId, ct);
        // A valid token for an account that no longer exists is no credential at all.
        return user is null
            ? new UnauthorizedError("token", "is invalid")
            : TypedResults.Ok(UserEnvelope.From(user, caller.TokenFor(user, tokens)));
    }
}
