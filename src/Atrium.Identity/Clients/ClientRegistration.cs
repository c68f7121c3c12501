using Atrium.Platform.Admin;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Clients;

/// <summary>What a registered client may do, as OpenIddict permissions and requirements.</summary>
public static class ClientRegistration
{
    public static IReadOnlyList<string> UserScopes { get; } = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess];

    public static OpenIddictApplicationDescriptor Describe(
        string clientId, string? name, IReadOnlyList<string> redirectUris, IReadOnlyList<string> scopes,
        bool firstParty, bool confidential, bool clientCredentials, IReadOnlyList<string>? postLogoutRedirectUris = null)
    {
        // A client's id becomes the subject of its own tokens: it must never read as an account id.
        if (clientId.Length is 0 or > 100 || Guid.TryParse(clientId, out _) || clientId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new CommandException("--id must be 1-100 characters without spaces, and not a GUID.");
        }

        var unknown = scopes.Where(s => !UserScopes.Contains(s) && !TokenScopes.All.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandException($"Unknown scope(s): {string.Join(' ', unknown)}. Known: {string.Join(' ', UserScopes.Concat(TokenScopes.All))}.");
        }

        if (clientCredentials && !confidential)
        {
            throw new CommandException("Client credentials need a confidential client (one with a secret).");
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = string.IsNullOrWhiteSpace(name) ? clientId : name.Trim(),
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ConsentType = firstParty ? ConsentTypes.Implicit : ConsentTypes.Explicit,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (confidential)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(Exact(uri, "Redirect URI"));
        }

        postLogoutRedirectUris ??= [];
        if (postLogoutRedirectUris.Count > 0 && redirectUris.Count == 0)
        {
            throw new CommandException("--post-logout-redirect-uris needs --redirect-uris: only a client users sign in to can sign them out.");
        }

        foreach (var uri in postLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(Exact(uri, "Post-logout redirect URI"));
        }

        if (redirectUris.Count > 0)
        {
            // The end-session endpoint too: a client users sign in to may send them to /connect/logout.
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        if (clientCredentials)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        if (redirectUris.Count == 0 && !clientCredentials)
        {
            throw new CommandException("Give --redirect-uris (sign-in with code + PKCE), --client-credentials, or both.");
        }

        // openid, offline_access need no permission in OpenIddict; profile, email and the modules' scopes do.
        descriptor.Permissions.UnionWith(scopes.Where(s => s is not (Scopes.OpenId or Scopes.OfflineAccess)).Select(s => Permissions.Prefixes.Scope + s));
        return descriptor;
    }

    // Matched exactly by OpenIddict, so it must be a whole absolute URI; a fragment never reaches a server. A bare
    // path ("/signed-out") parses as a file URI on Unix: refused, as OpenIddict would refuse it later.
    private static Uri Exact(string uri, string what) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Fragment.Length == 0 && !parsed.IsFile
            ? parsed
            : throw new CommandException($"{what} '{uri}' must be absolute, without a fragment.");
}
