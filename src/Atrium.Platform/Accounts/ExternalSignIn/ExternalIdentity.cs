using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>Who a provider says signed in, as read back from the pending cookie.</summary>
public sealed record ExternalIdentity(
    ExternalProvider Provider, string Subject, string? Email, bool EmailVerified, string? PreferredUsername, string? Name, string ReturnUrl)
{
    public const string SubjectClaim = "sub";
    public const string EmailClaim = "email";
    public const string EmailVerifiedClaim = "email_verified";
    public const string PreferredUsernameClaim = "preferred_username";
    public const string NameClaim = "name";

    /// <summary>The identity in a pending cookie, or null when it is missing, expired or names no configured provider.</summary>
    public static ExternalIdentity? From(AuthenticateResult result, ExternalSignInProviders providers)
    {
        if (!result.Succeeded || result.Principal is not { } principal || result.Properties is not { } properties
            || !properties.Items.TryGetValue(ExternalSignInSetup.ProviderItem, out var name)
            || providers.Find(name) is not { } provider
            || principal.FindFirstValue(SubjectClaim) is not { Length: > 0 and <= ExternalLogin.MaxSubjectLength } subject)
        {
            return null;
        }

        var email = principal.FindFirstValue(EmailClaim);
        return new ExternalIdentity(
            provider,
            subject,
            string.IsNullOrWhiteSpace(email) || AccountRules.CheckEmail(email.Trim()) is not null ? null : email.Trim(),
            // A JSON boolean in the token; some providers send the string "true".
            string.Equals(principal.FindFirstValue(EmailVerifiedClaim), "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirstValue(PreferredUsernameClaim),
            principal.FindFirstValue(NameClaim),
            properties.Items.TryGetValue(ExternalSignInSetup.ReturnUrlItem, out var returnUrl) && LocalUrl.IsLocal(returnUrl) ? returnUrl! : LocalUrl.Default);
    }
}

/// <summary>Return URLs: a path on this site only, so the sign-in cannot be used to bounce visitors elsewhere.</summary>
public static class LocalUrl
{
    public const string Default = "/todo/";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2048
        && url[0] == '/'
        // "//host" and "/\host" are protocol-relative URLs to another site.
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c));
}
