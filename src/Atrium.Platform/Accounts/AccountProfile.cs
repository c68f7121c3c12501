namespace Atrium.Platform.Accounts;

/// <summary>
/// The public contract modules may read: a user's public profile, served by the database view
/// <c>accounts.profiles</c> that the accounts migrations own. Modules map it with
/// <see cref="AccountProfileModel.MapAccountProfiles"/> and never touch the users table itself.
/// </summary>
public sealed class AccountProfile
{
    public Guid Id { get; init; }

    public required string Username { get; init; }

    public string? Bio { get; init; }

    public string? Image { get; init; }
}
