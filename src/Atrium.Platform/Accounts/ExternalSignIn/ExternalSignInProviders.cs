namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>A configured provider: its name (in URLs and the link table), button text and authentication scheme.</summary>
public sealed record ExternalProvider(string Name, string DisplayName)
{
    public string Scheme => ExternalSignInProviders.SchemePrefix + Name;

    /// <summary>Where the page's button points; the provider's answer comes back to <see cref="CallbackPath"/>.</summary>
    public string SignInPath => $"/session/external/{Name}/sign-in";

    public string CallbackPath => $"/session/external/{Name}/callback";
}

/// <summary>The configured providers: the generic ones by name, then Google, then GitHub (the page shows one button each).</summary>
public sealed class ExternalSignInProviders(IReadOnlyList<ExternalProvider> providers)
{
    public const string GitHubName = "github";
    public const string GoogleName = "google";
    public const string SchemePrefix = "External:";

    public IReadOnlyList<ExternalProvider> All => providers;

    public ExternalProvider? Find(string? name) => providers.FirstOrDefault(p => p.Name == name);

    /// <summary>The link to a provider's sign-in that comes back to <paramref name="returnUrl"/>.</summary>
    public static string SignInUrl(ExternalProvider provider, string returnUrl) =>
        $"{provider.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
