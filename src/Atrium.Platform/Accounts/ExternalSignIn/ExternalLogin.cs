namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>
/// An account's link to an identity at an external provider: who the provider says signed in
/// (<see cref="Subject"/>, its stable user id) is this account. One per (provider, subject), and one
/// per (provider, account), so "remove my GitHub link" names exactly one row.
/// </summary>
public sealed class ExternalLogin
{
    public const int MaxProviderLength = 64;
    public const int MaxSubjectLength = 255;

    public Guid Id { get; init; }

    /// <summary>The provider's configured name (<c>Atrium:ExternalSignIn:Providers:&lt;name&gt;</c>, or <c>github</c>/<c>google</c>).</summary>
    public required string Provider { get; init; }

    public required string Subject { get; init; }

    public Guid UserId { get; init; }

    /// <summary>The e-mail the provider reported when the link was made (for the user's list; never used to sign in).</summary>
    public string? Email { get; init; }

    public DateTime CreatedAt { get; init; }
}
