using System.Security.Cryptography;
using System.Text;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>The link table's reads and writes: find a link, link an account, create an account from a provider's answer.</summary>
public sealed partial class ExternalAccounts(AccountsDbContext db, TimeProvider clock, ILogger<ExternalAccounts> logger)
{
    /// <summary>The account already linked to this provider identity, if any.</summary>
    public async Task<AccountUser?> LinkedUserAsync(ExternalIdentity identity, CancellationToken ct)
    {
        var userId = await db.ExternalLogins.AsNoTracking()
            .Where(l => l.Provider == identity.Provider.Name && l.Subject == identity.Subject)
            .Select(l => (Guid?)l.UserId).FirstOrDefaultAsync(ct);
        return userId is { } id ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
    }

    /// <summary>The account whose e-mail the provider says it verified; never one matched by an unverified address.</summary>
    public Task<AccountUser?> UserByVerifiedEmailAsync(ExternalIdentity identity, CancellationToken ct)
    {
        if (identity.Email is not { } email || !identity.EmailVerified)
        {
            return Task.FromResult<AccountUser?>(null);
        }

        var normalized = AccountUser.Normalize(email);
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
    }

    public Task<bool> HasLinkAsync(Guid userId, string provider, CancellationToken ct) =>
        db.ExternalLogins.AnyAsync(l => l.UserId == userId && l.Provider == provider, ct);

    /// <summary>Stages the link; saved with the caller's SaveChanges (with the session, all or nothing).</summary>
    public void StageLink(AccountUser user, ExternalIdentity identity) =>
        db.ExternalLogins.Add(new ExternalLogin
        {
            Id = Guid.CreateVersion7(),
            Provider = identity.Provider.Name,
            Subject = identity.Subject,
            UserId = user.Id,
            Email = identity.Email,
            CreatedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds(),
        });

    /// <summary>Saves a staged link (and session); false when a concurrent request linked the same identity or provider first.</summary>
    public async Task<bool> SaveLinkAsync(AccountUser user, ExternalIdentity identity, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }

        LogLinked(logger, identity.Provider.Name, user.Id);
        return true;
    }

    /// <summary>
    /// A new account for a provider identity with a verified e-mail no account has: no password (the
    /// owner can set one with a password reset), a username derived from the provider's, made unique.
    /// The account, its link and <paramref name="stageSession"/>'s session are saved together.
    /// Null when the e-mail was taken meanwhile (or the identity got linked by a concurrent request).
    /// </summary>
    public async Task<AccountUser?> CreateAsync(ExternalIdentity identity, Action<AccountUser> stageSession, CancellationToken ct)
    {
        var email = identity.Email ?? throw new InvalidOperationException("Only an identity with a verified e-mail gets an account.");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var username = await FreeUsernameAsync(BaseUsername(identity), attempt > 0, ct);
            var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
            // No password: the empty hash never verifies (see PasswordHashing.Verify).
            var user = AccountUser.Create(username, email, passwordHash: "", now);
            db.Users.Add(user);
            StageLink(user, identity);
            stageSession(user);
            db.AddEvent(new UserRegistered(user.Id, user.Username, user.Email));
            try
            {
                await db.SaveChangesAsync(ct);
                LogCreated(logger, identity.Provider.Name, user.Id);
                return user;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
                var normalizedEmail = user.NormalizedEmail;
                if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct)
                    || await db.ExternalLogins.AnyAsync(l => l.Provider == identity.Provider.Name && l.Subject == identity.Subject, ct))
                {
                    return null;
                }

                // Lost a race for the username: try again with a random suffix.
            }
        }

        return null;
    }

    /// <summary>The provider's username (or name, or the e-mail's local part), reduced to safe characters.</summary>
    internal static string BaseUsername(ExternalIdentity identity)
    {
        foreach (var candidate in new[] { identity.PreferredUsername, identity.Name, identity.Email?.Split('@')[0] })
        {
            var cleaned = new StringBuilder();
            foreach (var c in candidate ?? "")
            {
                if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
                {
                    cleaned.Append(c);
                }
                else if (char.IsWhiteSpace(c) && cleaned.Length > 0 && cleaned[^1] != '-')
                {
                    cleaned.Append('-');
                }
            }

            var name = cleaned.ToString().Trim('-', '.');
            if (name.Length > 0)
            {
                // Room for a "-NNNN" suffix within the column's limit.
                return name.Length > 48 ? name[..48] : name;
            }
        }

        return "user";
    }

    private async Task<string> FreeUsernameAsync(string baseName, bool random, CancellationToken ct)
    {
        if (random)
        {
            return $"{baseName}-{RandomNumberGenerator.GetInt32(10000, 100000)}";
        }

        var normalized = AccountUser.Normalize(baseName);
        var taken = (await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUsername == normalized || u.NormalizedUsername.StartsWith(normalized + "-"))
            .Select(u => u.NormalizedUsername).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(normalized))
        {
            return baseName;
        }

        for (var n = 2; n < 1000; n++)
        {
            if (!taken.Contains($"{normalized}-{n}"))
            {
                return $"{baseName}-{n}";
            }
        }

        return $"{baseName}-{RandomNumberGenerator.GetInt32(10000, 100000)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "External login {Provider} linked to account {UserId}")]
    private static partial void LogLinked(ILogger logger, string provider, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} created from external login {Provider}")]
    private static partial void LogCreated(ILogger logger, string provider, Guid userId);
}
