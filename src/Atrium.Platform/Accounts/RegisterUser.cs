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

        string? refreshToken = null;
        var (user, error) = await CreateAsync(fields, db, passwords, clock, u => refreshToken = refreshTokens.Add(u), ct);
        switch (error)
        {
            case ValidationFailed invalid: return invalid;
            case ConflictError taken: return taken;
        }

        return TypedResults.Created("/api/user", UserEnvelope.From(user!, tokens.Issue(user!), refreshToken));
    }

    /// <summary>
    /// Creates the account every sign-up shares (the API's and the browser session's): validates,
    /// stages the account, lets <paramref name="stageSession"/> stage its first session in the same
    /// transaction, and saves. The account, or a <see cref="ValidationFailed"/> or <see cref="ConflictError"/>.
    /// </summary>
    public static async Task<(AccountUser? User, ApiError? Error)> CreateAsync(
        RegisterUserFields fields, AccountsDbContext db, PasswordHashing passwords, TimeProvider clock,
        Action<AccountUser> stageSession, CancellationToken ct)
    {
        var invalid = ValidationFailed.From(
            ("username", AccountRules.CheckUsername(fields.Username)),
            ("email", AccountRules.CheckEmail(fields.Email)),
            ("password", AccountRules.CheckPassword(fields.Password)));
        if (invalid is not null)
        {
            return (null, invalid);
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var user = AccountUser.Create(fields.Username!, fields.Email!, passwords.Hash(fields.Password!), now);

        if (await TakenFieldAsync(db, user, ct) is { } taken)
        {
            return (null, new ConflictError(taken));
        }

        db.Users.Add(user);
        stageSession(user);
        db.AddEvent(new UserRegistered(user.Id, user.Username, user.Email));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Lost a race with a concurrent registration of the same name or e-mail.
            db.ChangeTracker.Clear();
            return (null, new ConflictError(await TakenFieldAsync(db, user, ct) ?? "username"));
        }

        return (user, null);
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
