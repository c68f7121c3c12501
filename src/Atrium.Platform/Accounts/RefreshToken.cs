namespace Atrium.Platform.Accounts;

/// <summary>
/// A long-lived credential that buys new access tokens. Each use rotates it: the used token is marked
/// rotated and a successor joins the same family, so presenting a rotated token again means it leaked,
/// and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public Guid FamilyId { get; init; }

    /// <summary>SHA-256 of the secret (see <see cref="OpaqueToken"/>); the secret itself is never stored.</summary>
    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? RotatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>A single-use secret mailed to the account's address; valid for <see cref="AuthOptions.PasswordResetLifetime"/>.</summary>
public sealed class PasswordResetToken
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? UsedAt { get; set; }
}
