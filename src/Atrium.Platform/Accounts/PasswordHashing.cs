using Microsoft.AspNetCore.Identity;

namespace Atrium.Platform.Accounts;

/// <summary>PBKDF2 (HMAC-SHA512, 100k iterations) through ASP.NET Core Identity's hasher.</summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<AccountUser> hasher = new();
    private readonly string decoyHash;

    public PasswordHashing() => decoyHash = hasher.HashPassword(null!, "decoy-password-for-timing");

    public string Hash(string password) => hasher.HashPassword(null!, password);

    public bool Verify(string? storedHash, string password)
    {
        // An unknown e-mail, or an account without a password (created by an external provider), still
        // pays for one hash, so timing does not reveal which e-mails exist or how their accounts sign in.
        var usable = !string.IsNullOrEmpty(storedHash);
        var result = hasher.VerifyHashedPassword(null!, usable ? storedHash! : decoyHash, password);
        return usable && result != PasswordVerificationResult.Failed;
    }
}
