using System.Text.RegularExpressions;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>
/// <c>Atrium:ExternalSignIn</c>: the identity providers the web page offers "Sign in with …" for.
/// Any OpenID Connect provider under <c>Providers:&lt;name&gt;</c>; GitHub (OAuth 2.0) and Google
/// (OpenID Connect) as presets that only need a client id and secret. No provider configured: no buttons.
/// </summary>
public sealed partial class ExternalSignInOptions
{
    public const string SectionName = "Atrium:ExternalSignIn";

    public Dictionary<string, OidcProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);

    public GitHubProviderOptions GitHub { get; set; } = new();

    public PresetProviderOptions Google { get; set; } = new();

    /// <summary>How long the provider's answer waits for the user to confirm a link (the <c>atrium_external</c> cookie).</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Every configuration problem, or none (checked when the host is built: schemes come from it).</summary>
    public IEnumerable<string> Problems()
    {
        if (PendingLifetime < TimeSpan.FromMinutes(1) || PendingLifetime > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:PendingLifetime must be between 00:01:00 and 01:00:00.";
        }

        foreach (var (name, provider) in Providers)
        {
            var key = $"{SectionName}:Providers:{name}";
            if (!NamePattern().IsMatch(name) || name is ExternalSignInProviders.GitHubName or ExternalSignInProviders.GoogleName)
            {
                yield return $"{key}: the name must be 1-32 lowercase letters, digits or '-' (and not 'github' or 'google', the presets).";
            }

            if (!Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                yield return $"{key}:Authority must be an absolute http(s) URL.";
            }

            if (string.IsNullOrWhiteSpace(provider.ClientId))
            {
                yield return $"{key}:ClientId is required.";
            }
        }

        foreach (var (name, clientId, clientSecret) in new[] { ("GitHub", GitHub.ClientId, GitHub.ClientSecret), ("Google", Google.ClientId, Google.ClientSecret) })
        {
            if (string.IsNullOrWhiteSpace(clientId) != string.IsNullOrWhiteSpace(clientSecret))
            {
                yield return $"{SectionName}:{name}: set both ClientId and ClientSecret, or neither.";
            }
        }

        foreach (var (key, url) in new[] { ("Url", GitHub.Url), ("ApiUrl", GitHub.ApiUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            {
                yield return $"{SectionName}:GitHub:{key} must be an absolute http(s) URL.";
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex NamePattern();
}

/// <summary>One OpenID Connect provider (authorization code flow with PKCE, response mode query).</summary>
public sealed class OidcProviderOptions
{
    /// <summary>The button's text: "Sign in with {DisplayName}". Defaults to the name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The issuer; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From configuration or the environment only (<c>Atrium__ExternalSignIn__Providers__&lt;name&gt;__ClientSecret</c>), never the repo.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Scopes asked for; empty means <see cref="DefaultScopes"/>. (Not a default value here: the
    /// configuration binder appends configured array items to an initial value instead of replacing it.)
    /// </summary>
    public string[] Scopes { get; set; } = [];

    public static IReadOnlyList<string> DefaultScopes { get; } = ["openid", "profile", "email"];

    /// <summary>Off only for a provider on plain HTTP during development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Also read the user-info endpoint, for providers that leave e-mail claims out of the ID token.</summary>
    public bool UseUserInfoEndpoint { get; set; }
}

/// <summary>A preset provider (GitHub, Google): on when both are set.</summary>
public sealed class PresetProviderOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

/// <summary>The GitHub preset; <see cref="Url"/> and <see cref="ApiUrl"/> point elsewhere for GitHub Enterprise Server.</summary>
public sealed class GitHubProviderOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Where users sign in (<c>{Url}/login/oauth/authorize</c>, <c>…/access_token</c>).</summary>
    public string Url { get; set; } = "https://github.com";

    /// <summary>The REST API (<c>{ApiUrl}/user</c>, <c>{ApiUrl}/user/emails</c>); GitHub Enterprise Server: <c>https://HOST/api/v3</c>.</summary>
    public string ApiUrl { get; set; } = "https://api.github.com";

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
