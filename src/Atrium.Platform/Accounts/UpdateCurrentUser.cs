using Atrium.Platform.Caching;
using Atrium.Platform.Json;

namespace Atrium.Platform.Accounts;

public sealed record UpdateUserRequest(UpdateUserFields? User);

/// <summary>Every field optional; absent keeps the value, so presence is tracked per field.</summary>
public sealed record UpdateUserFields(
    Optional<string> Email, Optional<string> Username, Optional<string> Password, Optional<string> Bio, Optional<string> Image);

public static class UpdateCurrentUser
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/user", HandleAsync).WithName(nameof(UpdateCurrentUser)).InvalidatesCacheOnFailure(_ => [CacheTags.Profiles]);

    public static async Task<Results<Ok<UserEnvelope>, ValidationFailed, ConflictError, UnauthorizedError, ForbiddenError>> HandleAsync(
        UpdateUserRequest request, CurrentUser caller, AccountsDbContext db, PasswordHashing passwords,
        TokenIssuer tokens, RefreshTokens refreshTokens, TimeProvider clock, AtriumCache cache, IAvatarImages avatars, CancellationToken ct)
    {
        if (request.User is not { } fields)
        {
            return new ValidationFailed("user", "is missing");
        }

        // The sign-in credentials are the account's own business, not a third-party app's, whatever its scopes.
        if (caller.IsScoped && (fields.Email.IsPresent || fields.Password.IsPresent))
        {
            return new ForbiddenError("token");
        }

        var bio = AccountRules.EmptyToNull(fields.Bio.Value);
        var image = AccountRules.EmptyToNull(fields.Image.Value);
        if (image is not null)
        {
            // An uploaded image's id becomes that image's avatar URL (the image service answers it).
            var (lookup, url) = await avatars.ResolveAsync(caller.RequiredId, image, ct);
            if (lookup == AvatarLookup.NotFound)
            {
                return new ValidationFailed("image", "is not an uploaded image of yours");
            }

            image = lookup == AvatarLookup.Found ? url : image;
        }

        var invalid = ValidationFailed.From(
            ("email", fields.Email.IsPresent ? AccountRules.CheckEmail(fields.Email.Value) : null),
            ("username", fields.Username.IsPresent ? AccountRules.CheckUsername(fields.Username.Value) : null),
            ("password", fields.Password.IsPresent ? AccountRules.CheckPassword(fields.Password.Value) : null),
            ("bio", AccountRules.CheckBio(bio)),
            ("image", AccountRules.CheckImage(image)));
        if (invalid is not null)
        {
            return invalid;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.RequiredId, ct);
        if (user is null)
        {
            return new UnauthorizedError("token", "is invalid");
        }

        Apply(user, fields, bio, image, passwords);
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        user.UpdatedAt = now;

        if (await RegisterUser.TakenFieldAsync(db, user, ct) is { } taken)
        {
            return new ConflictError(taken);
        }

        // A new password ends every refresh session (the caller gets a fresh one). Access tokens stay
        // valid until they expire: RealWorld clients go on with the token they changed the password with.
        string? refreshToken = null;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (fields.Password.IsPresent)
            {
                await refreshTokens.RevokeAllAsync(user.Id, now, ct);
                refreshToken = refreshTokens.Add(user);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return new ConflictError(await RegisterUser.TakenFieldAsync(db, user, ct) ?? "username");
        }

        if (fields.Username.IsPresent || fields.Bio.IsPresent || fields.Image.IsPresent)
        {
            // Public profile data: cached by modules (author of an article, GET /profiles/...).
            await cache.InvalidateAsync(CacheTags.Profiles);
        }

        return TypedResults.Ok(UserEnvelope.From(user, caller.TokenFor(user, tokens), refreshToken));
    }

    private static void Apply(AccountUser user, UpdateUserFields fields, string? bio, string? image, PasswordHashing passwords)
    {
        if (fields.Email.IsPresent)
        {
            user.Email = fields.Email.Value!.Trim();
            user.NormalizedEmail = AccountUser.Normalize(user.Email);
        }

        if (fields.Username.IsPresent)
        {
            user.Username = fields.Username.Value!;
            user.NormalizedUsername = AccountUser.Normalize(user.Username);
        }

        if (fields.Password.IsPresent)
        {
            user.PasswordHash = passwords.Hash(fields.Password.Value!);
        }

        if (fields.Bio.IsPresent)
        {
            user.Bio = bio;
        }

        if (fields.Image.IsPresent)
        {
            user.Image = image;
        }
    }
}
