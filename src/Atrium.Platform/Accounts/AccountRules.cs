namespace Atrium.Platform.Accounts;

/// <summary>What makes a username, e-mail, password, bio or image acceptable.</summary>
public static class AccountRules
{
    public const int MaxUsernameLength = 64;
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 8;
    // Long enough for any passphrase (NIST asks for at least 64), short enough to bound hashing work.
    public const int MaxPasswordLength = 256;
    public const int MaxBioLength = 4000;
    public const int MaxImageLength = 2048;

    public static string? CheckUsername(string? username)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            return "can't be blank";
        }

        if (username.Length > MaxUsernameLength)
        {
            return $"is too long (maximum is {MaxUsernameLength} characters)";
        }

        // Usernames are path segments (/api/profiles/{username}): no slashes, no control characters.
        return username.Any(c => char.IsControl(c) || c is '/' or '\\') || username != username.Trim() || !StorableText.IsStorable(username)
            ? "is invalid"
            : null;
    }

    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "can't be blank";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"is too long (maximum is {MaxEmailLength} characters)";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        var valid = at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && StorableText.IsStorable(email);
        return valid ? null : "is invalid";
    }

    public static string? CheckPassword(string? password) => password switch
    {
        null or "" => "can't be blank",
        { Length: < MinPasswordLength } => $"is too short (minimum is {MinPasswordLength} characters)",
        { Length: > MaxPasswordLength } => $"is too long (maximum is {MaxPasswordLength} characters)",
        _ => null,
    };

    public static string? CheckBio(string? bio) => bio switch
    {
        { Length: > MaxBioLength } => $"is too long (maximum is {MaxBioLength} characters)",
        _ when !StorableText.IsStorable(bio) => StorableText.Problem,
        _ => null,
    };

    // Front ends render the image as <img src>; only absolute http(s) URLs are safe there.
    public static string? CheckImage(string? image)
    {
        if (image is null)
        {
            return null;
        }

        if (image.Length > MaxImageLength)
        {
            return $"is too long (maximum is {MaxImageLength} characters)";
        }

        return StorableText.IsStorable(image) && Uri.TryCreate(image, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : "must be an http or https URL";
    }

    /// <summary>"" means "no value" for optional profile fields (RealWorld normalises it to null).</summary>
    public static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

}
