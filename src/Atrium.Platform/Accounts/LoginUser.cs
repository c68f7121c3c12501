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

        var invalid = ValidationFailed.From(
            ("email", string.IsNullOrWhiteSpace(fields.Email) ? "can't be blank" : null),
            ("password", string.IsNullOrEmpty(fields.Password) ? "can't be blank" : null));
        if (invalid is not null)
        {
            return invalid;
        }

        if (fields.Email!.Length > AccountRules.MaxEmailLength)
        {
            // No account has such an address: answer at once, without a lookup or a throttle entry.
            return new UnauthorizedError("credentials", "invalid");
        }

        var normalizedEmail = AccountUser.Normalize(fields.Email);
        if (await throttle.CheckAsync(normalizedEmail, ct) is { } lockedOut)
        {
            return lockedOut;
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, ct);
        var passwordFits = fields.Password!.Length <= AccountRules.MaxPasswordLength
            && passwords.Verify(user?.PasswordHash, fields.Password);
        if (user is null || !passwordFits)
        {
            await throttle.RecordFailureAsync(normalizedEmail, ct);
            return new UnauthorizedError("credentials", "invalid");
        }

        if (user.DisabledAt is not null)
        {
            return new UnauthorizedError("account", "is disabled");
        }

        var refreshToken = refreshTokens.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(UserEnvelope.From(user, tokens.Issue(user), refreshToken));
    }
}
