using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Platform.Accounts;

public sealed record RegisterUserRequest(RegisterUserFields? User);

public sealed record RegisterUserFields(string? Username, string? Email, string? Password);

public static class RegisterUser
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users", HandleAsync).WithName(nameof(RegisterUser)).AllowAnonymous();

    public static async Task<Results<Created<UserEnvelope>, ValidationFailed, ConflictError>> HandleAsync(
        RegisterUserRequest request, AccountsDbContext db, PasswordHashing passwords, TokenIssuer tokens,
        RefreshTokens refreshTokens, TimeProvider clock, CancellationToken ct)
    {
        if (request.User is not { } fields)
        {
            return new ValidationFailed("user", "is missing");
        }

        var invalid = ValidationFailed.From(
            ("username", AccountRules.CheckUsername(fields.Username)),
            ("email", AccountRules.CheckEmail(fields.Email)),
            ("password", AccountRules.CheckPassword(fields.Password)));
        if (invalid is not null)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var user = new AccountUser
        {
            Id = Guid.CreateVersion7(),
            Username = fields.Username!,
            NormalizedUsername = AccountUser.Normalize(fields.Username!),
            Email = fields.Email!.Trim(),
            NormalizedEmail = AccountUser.Normalize(fields.Email),
            PasswordHash = passwords.Hash(fields.Password!),
            CreatedAt = now,
            UpdatedAt = now,
        };

        if (await TakenFieldAsync(db, user, ct) is { } taken)
        {
            return new ConflictError(taken);
        }

        db.Users.Add(user);
        var refreshToken = refreshTokens.Add(user);
        db.AddEvent(new UserRegistered(user.Id, user.Username, user.Email));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Lost a race with a concurrent registration of the same name or e-mail.
            db.ChangeTracker.Clear();
            return new ConflictError(await TakenFieldAsync(db, user, ct) ?? "username");
        }

        return TypedResults.Created("/api/user", UserEnvelope.From(user, tokens.Issue(user), refreshToken));
    }

    /// <summary>Which unique field another account already holds, if any (username reported first).</summary>
    internal static async Task<string?> TakenFieldAsync(AccountsDbContext db, AccountUser candidate, CancellationToken ct)
    {
        var clashes = await db.Users.AsNoTracking()
            .Where(u => u.Id != candidate.Id
                && (u.NormalizedUsername == candidate.NormalizedUsername || u.NormalizedEmail == candidate.NormalizedEmail))
            .Select(u => new { u.NormalizedUsername, u.NormalizedEmail })
            .ToListAsync(ct);
        if (clashes.Any(c => c.NormalizedUsername == candidate.NormalizedUsername))
        {
            return "username";
        }

        return clashes.Count > 0 ? "email" : null;
    }
}
