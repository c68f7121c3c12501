using Atrium.Platform.RateLimiting;

namespace Atrium.Platform.Accounts;

public sealed record LoginUserRequest(LoginUserFields? User);

public sealed record LoginUserFields(string? Email, string? Password);

public static class LoginUser
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users/login", HandleAsync).WithName(nameof(LoginUser)).AllowAnonymous();

    public static async Task<Results<Ok<UserEnvelope>, ValidationFailed, UnauthorizedError, TooManyRequestsError>> HandleAsync(
        LoginUserRequest request, AccountsDbContext db, PasswordHashing passwords, TokenIssuer tokens,
        RefreshTokens refreshTokens, LoginThrottle throttle, CancellationToken ct)
    {
        if (request.User is not { } fields)
        {
            return new ValidationFailed("user", "is missing");
        }

        var (user, error) = await VerifyAsync(fields.Email, fields.Password, db, passwords, throttle, ct);
        switch (error)
        {
            case ValidationFailed invalid: return invalid;
            case TooManyRequestsError lockedOut: return lockedOut;
            case UnauthorizedError refused: return refused;
        }

        var refreshToken = refreshTokens.Add(user!);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(UserEnvelope.From(user!, tokens.Issue(user!), refreshToken));
    }

    /// <summary>
    /// The credential check every sign-in shares (the API's login and the browser session's): the
    /// tracked account, or a <see cref="ValidationFailed"/>, <see cref="UnauthorizedError"/> or
    /// <see cref="TooManyRequestsError"/>.
    /// </summary>
    public static async Task<(AccountUser? User, ApiError? Error)> VerifyAsync(
        string? email, string? password, AccountsDbContext db, PasswordHashing passwords, LoginThrottle throttle, CancellationToken ct)
    {
        var invalid = ValidationFailed.From(
            ("email", string.IsNullOrWhiteSpace(email) ? "can't be blank" : null),
            ("password", string.IsNullOrEmpty(password) ? "can't be blank" : null));
        if (invalid is not null)
        {
            return (null, invalid);
        }

        if (email!.Length > AccountRules.MaxEmailLength || !StorableText.IsStorable(email))
        {
            // No account has such an address (and PostgreSQL cannot even compare one holding NUL):
            // answer at once, without a lookup or a throttle entry.
            return (null, new UnauthorizedError("credentials", "invalid"));
        }

        var normalizedEmail = AccountUser.Normalize(email);
        if (await throttle.CheckAsync(normalizedEmail, ct) is { } lockedOut)
        {
            return (null, lockedOut);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, ct);
        var passwordFits = password!.Length <= AccountRules.MaxPasswordLength
            && passwords.Verify(user?.PasswordHash, password);
        if (user is null || !passwordFits)
        {
            await throttle.RecordFailureAsync(normalizedEmail, ct);
            return (null, new UnauthorizedError("credentials", "invalid"));
        }

        return user.DisabledAt is not null ? (null, new UnauthorizedError("account", "is disabled")) : (user, null);
    }
}
