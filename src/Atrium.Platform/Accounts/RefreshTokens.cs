using Microsoft.Extensions.Options;

namespace Atrium.Platform.Accounts;

/// <summary>Issues, rotates and revokes refresh tokens (see <see cref="RefreshToken"/>).</summary>
public sealed class RefreshTokens(AccountsDbContext db, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Stages a new token for <paramref name="user"/> (saved with the caller's SaveChanges) and returns its secret.</summary>
    public string Add(AccountUser user, Guid? familyId = null)
    {
        var secret = OpaqueToken.Create();
        Stage(user, OpaqueToken.Hash(secret), familyId);
        return secret;
    }

    /// <summary>
    /// Stages a session with no secret anyone holds (a browser session: its cookie names the row), so
    /// it is never rotated, only revoked: by sign-out, a password change, a reset or a disable.
    /// </summary>
    public RefreshToken StageSession(AccountUser user) => Stage(user, OpaqueToken.Hash(OpaqueToken.Create()), null);

    private RefreshToken Stage(AccountUser user, string tokenHash, Guid? familyId)
    {
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var token = new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            FamilyId = familyId ?? Guid.CreateVersion7(),
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        };
        db.RefreshTokens.Add(token);
        return token;
    }

    /// <summary>Whether the session <paramref name="tokenId"/> still stands (not revoked, rotated or expired).</summary>
    public Task<bool> IsLiveAsync(Guid tokenId, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.AnyAsync(t => t.Id == tokenId && t.UserId == userId
            && t.RevokedAt == null && t.RotatedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>Ends one session (a browser's sign-out); unknown or already revoked ids are ignored.</summary>
    public Task<int> RevokeSessionAsync(Guid tokenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        return db.RefreshTokens.Where(t => t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    /// <summary>
    /// Trades a live token for its successor. Presenting a token that was already rotated is treated as
    /// theft: the whole family is revoked, so neither the thief nor the owner can go on with it.
    /// </summary>
    public async Task<(AccountUser User, string Secret)?> RotateAsync(string presented, CancellationToken ct)
    {
        if (presented.Length > OpaqueToken.MaxLength)
        {
            return null;
        }

        var hash = OpaqueToken.Hash(presented);
        var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The conditional update is the claim: of two concurrent uses of one token, exactly one wins.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.RotatedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), ct);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(token.FamilyId, now, ct);
            await transaction.CommitAsync(ct);
            return null;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
        if (user is null || user.DisabledAt is not null)
        {
            return null;
        }

        var secret = Add(user, token.FamilyId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (user, secret);
    }

    /// <summary>Logs out the session <paramref name="presented"/> belongs to; unknown tokens are ignored.</summary>
    public async Task RevokeAsync(string presented, CancellationToken ct)
    {
        if (presented.Length > OpaqueToken.MaxLength)
        {
            return;
        }

        var hash = OpaqueToken.Hash(presented);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(ct);
        if (familyId is { } family)
        {
            await RevokeFamilyAsync(family, clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds(), ct);
        }
    }

    /// <summary>
    /// Ends every session of <paramref name="user"/> (password reset, account disabled): saves the
    /// caller's pending changes with a bumped token version, so issued access tokens stop working at
    /// once, and revokes every refresh token. Run it inside the caller's transaction.
    /// </summary>
    public async Task SignOutEverywhereAsync(AccountUser user, DateTime now, CancellationToken ct)
    {
        user.TokenVersion++;
        user.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await RevokeAllAsync(user.Id, now, ct);
    }

    /// <summary>Revokes every live refresh token of a user; their access tokens live on until they expire.</summary>
    public Task<int> RevokeAllAsync(Guid userId, DateTime now, CancellationToken ct) =>
        db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);

    private Task<int> RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken ct) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}
