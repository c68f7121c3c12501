namespace Atrium.Platform.Accounts;

/// <summary>A person with an account. Owned by the platform; modules read it through <see cref="AccountProfile"/>.</summary>
public sealed class AccountUser
{
    public Guid Id { get; init; }

    public required string Username { get; set; }

    /// <summary>Upper-invariant username: uniqueness ignores case so "Alice" cannot impersonate "alice".</summary>
    public required string NormalizedUsername { get; set; }

    public required string Email { get; set; }

    public required string NormalizedEmail { get; set; }

    public required string PasswordHash { get; set; }

    public string? Bio { get; set; }

    public string? Image { get; set; }

    /// <summary>
    /// Stamped into every access token; bumping it (password reset) makes all earlier access tokens invalid.
    /// </summary>
    public int TokenVersion { get; set; }

    /// <summary>Administrators may delete any content and disable accounts (see <see cref="AdminPolicy"/>).</summary>
    public bool IsAdmin { get; set; }

    /// <summary>When an administrator disabled the account: it can no longer sign in or use its tokens.</summary>
    public DateTime? DisabledAt { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    /// <summary>A new account as every way of making one (sign-up, a provider's first sign-in, the admin CLI) stores it.</summary>
    public static AccountUser Create(string username, string email, string passwordHash, DateTime now, bool isAdmin = false) => new()
    {
        Id = Guid.CreateVersion7(),
        Username = username,
        NormalizedUsername = Normalize(username),
        Email = email.Trim(),
        NormalizedEmail = Normalize(email),
        PasswordHash = passwordHash,
        IsAdmin = isAdmin,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
