using System.Text.Json.Serialization;
using Atrium.Platform.Jobs;
using Atrium.Platform.Mail;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Accounts;

public sealed record PasswordResetRequest(PasswordResetFields? User);

public sealed record PasswordResetFields(string? Email);

public sealed record PasswordResetConfirmRequest(PasswordResetConfirmFields? User);

public sealed record PasswordResetConfirmFields(string? Token, string? Password);

/// <summary>The e-mail job's arguments: only the address asked for, so the job can tell "no such account" itself.</summary>
public sealed record PasswordResetMailArgs([property: JsonPropertyName("normalizedEmail")] string NormalizedEmail);

/// <summary>
/// <c>POST /api/users/password-reset</c>: always 202. The request does the same work whether or not the
/// address has an account (it only queues a job), so neither the answer nor its timing tells.
/// </summary>
public static class RequestPasswordReset
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users/password-reset", HandleAsync).WithName(nameof(RequestPasswordReset)).AllowAnonymous();

    public static async Task<Results<Accepted, ValidationFailed>> HandleAsync(
        PasswordResetRequest request, IJobQueue jobs, CancellationToken ct)
    {
        if (request.User is not { } fields)
        {
            return new ValidationFailed("user", "is missing");
        }

        if (AccountRules.CheckEmail(fields.Email) is { } invalid)
        {
            return new ValidationFailed("email", invalid);
        }

        await jobs.EnqueueAsync<SendPasswordResetMail, PasswordResetMailArgs>(
            new PasswordResetMailArgs(AccountUser.Normalize(fields.Email!)), ownerId: null, ct);
        return TypedResults.Accepted((string?)null);
    }
}

/// <summary>
/// The background half of a reset: mints a single-use token (only its hash is stored, so the secret
/// never sits in the job's arguments or the database) and mails the link. A retry mints a fresh token.
/// </summary>
public sealed class SendPasswordResetMail(
    AccountsDbContext db, IMailSender mail, IOptions<AuthOptions> options, TimeProvider clock) : IBackgroundJob<PasswordResetMailArgs>
{
    public const string JobName = "accounts.password-reset-mail";

    public async Task RunAsync(PasswordResetMailArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == args.NormalizedEmail, cancellationToken);
        if (user is null)
        {
            await context.ReportProgressAsync(100, "no account for that address", cancellationToken);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var secret = OpaqueToken.Create();
        // One outstanding link per account: a newer request supersedes the older ones.
        await db.PasswordResetTokens.Where(t => t.UserId == user.Id && t.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        db.PasswordResetTokens.Add(new PasswordResetToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = OpaqueToken.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + options.Value.PasswordResetLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        var link = options.Value.PasswordResetUrl.Replace("{token}", secret, StringComparison.Ordinal);
        var minutes = (int)options.Value.PasswordResetLifetime.TotalMinutes;
        await mail.SendAsync(new OutgoingMail(user.Email, "Reset your Atrium password",
            $"""
            Hello {user.Username},

            Someone (hopefully you) asked to reset the password of your Atrium account.
            Open this link within {minutes} minutes to choose a new one:

            {link}

            Or send this token with your new password to POST /api/users/password-reset/confirm:
            {secret}

            If you did not ask for this, ignore this mail; your password stays as it is.
            """), cancellationToken);
        await context.ReportProgressAsync(100, "mail sent", cancellationToken);
    }
}

/// <summary>
/// <c>POST /api/users/password-reset/confirm</c>: sets the new password, uses up the token, and ends every
/// session: refresh tokens are revoked and the token version bump invalidates issued access tokens.
/// </summary>
public static class ConfirmPasswordReset
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users/password-reset/confirm", HandleAsync).WithName(nameof(ConfirmPasswordReset)).AllowAnonymous();

    public static async Task<Results<NoContent, ValidationFailed>> HandleAsync(
        PasswordResetConfirmRequest request, AccountsDbContext db, PasswordHashing passwords, RefreshTokens refreshTokens,
        TimeProvider clock, CancellationToken ct)
    {
        if (request.User is not { } fields)
        {
            return new ValidationFailed("user", "is missing");
        }

        var invalid = ValidationFailed.From(
            ("token", string.IsNullOrEmpty(fields.Token) ? "can't be blank" : null),
            ("password", AccountRules.CheckPassword(fields.Password)));
        if (invalid is not null)
        {
            return invalid;
        }

        var rejected = new ValidationFailed("token", "is invalid or has expired");
        if (fields.Token!.Length > OpaqueToken.MaxLength)
        {
            return rejected;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var hash = OpaqueToken.Hash(fields.Token);
        // The slow KDF runs before the transaction: on SQLite a write lock held meanwhile stalls every writer.
        var passwordHash = passwords.Hash(fields.Password!);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var token = await db.PasswordResetTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.UsedAt is not null || token.ExpiresAt <= now)
        {
            return rejected;
        }

        // Claim the token first: of two concurrent confirmations, exactly one goes on.
        var claimed = await db.PasswordResetTokens.Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        var user = claimed == 1 ? await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct) : null;
        if (user is null)
        {
            return rejected;
        }

        user.PasswordHash = passwordHash;
        await refreshTokens.SignOutEverywhereAsync(user, now, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
