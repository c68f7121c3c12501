using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Accounts;

/// <summary>
/// When a scheme's request handling (<see cref="IAuthenticationRequestHandler"/>: OpenIddict's endpoints,
/// an external provider's callback) can apply at all. ASP.NET Core asks every such scheme about every
/// request; OpenIddict's server answers by building and comparing absolute URIs, which cost a fifth of
/// the CPU of a cached API answer. A scheme's condition must hold for every request it would handle:
/// this only skips asking where the answer is known to be "not mine". Schemes not named are always asked.
/// </summary>
public sealed class AuthenticationRequestHandling
{
    internal const int MaxRestricted = 16;

    private readonly Dictionary<string, Func<HttpRequest, bool>> _conditions = new(StringComparer.Ordinal);

    public AuthenticationRequestHandling OnlyWhen(string scheme, Func<HttpRequest, bool> applies)
    {
        if (!_conditions.ContainsKey(scheme) && _conditions.Count == MaxRestricted)
        {
            throw new InvalidOperationException($"At most {MaxRestricted} schemes can be restricted.");
        }

        _conditions[scheme] = applies;
        return this;
    }

    public AuthenticationRequestHandling OnlyUnder(string scheme, params PathString[] prefixes) =>
        OnlyWhen(scheme, request => prefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)));

    internal IReadOnlyDictionary<string, Func<HttpRequest, bool>> Conditions => _conditions;
}

public static class AuthenticationRequestHandlingSetup
{
    // The key UseAuthentication sets: without it, WebApplication puts a second authentication
    // middleware of its own at the front of the pipeline.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary><c>UseAuthentication</c>, asking restricted schemes to handle a request only where they can.</summary>
    public static IApplicationBuilder UseAtriumAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseMiddleware<RestrictedAuthenticationMiddleware>();
    }
}

/// <summary>
/// ASP.NET Core's own <see cref="AuthenticationMiddleware"/>, one per set of restricted schemes whose
/// condition fails for a request, without those schemes' request handling. Authenticating (the default
/// scheme: the bearer token, the session) is the same in each.
/// </summary>
internal sealed class RestrictedAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly KeyValuePair<string, Func<HttpRequest, bool>>[] _restricted;
    private readonly ConcurrentDictionary<int, AuthenticationMiddleware> _bySkipped = new();
    private readonly Func<int, AuthenticationMiddleware> _create;

    public RestrictedAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes, IOptions<AuthenticationRequestHandling> handling)
    {
        _next = next;
        _schemes = schemes;
        _restricted = [.. handling.Value.Conditions];
        _create = Create;
    }

    public Task Invoke(HttpContext context)
    {
        var skipped = 0;
        for (var i = 0; i < _restricted.Length; i++)
        {
            if (!_restricted[i].Value(context.Request))
            {
                skipped |= 1 << i;
            }
        }

        return _bySkipped.GetOrAdd(skipped, _create).Invoke(context);
    }

    private AuthenticationMiddleware Create(int skipped)
    {
        var names = _restricted.Where((_, i) => (skipped & (1 << i)) != 0).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        return new AuthenticationMiddleware(_next, names.Count == 0 ? _schemes : new WithoutRequestHandlers(_schemes, names));
    }

    /// <summary>The application's schemes, less some of the request handlers.</summary>
    private sealed class WithoutRequestHandlers(IAuthenticationSchemeProvider inner, HashSet<string> left) : IAuthenticationSchemeProvider
    {
        // The inner provider hands out the same array until a scheme is added or removed. A class, so
        // that threads swap it whole.
        private Filtered? _last;

        public async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
        {
            var all = await inner.GetRequestHandlerSchemesAsync();
            if (_last is { } last && ReferenceEquals(last.All, all))
            {
                return last.Kept;
            }

            AuthenticationScheme[] kept = [.. all.Where(s => !left.Contains(s.Name))];
            _last = new Filtered(all, kept);
            return kept;
        }

        public Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync() => inner.GetAllSchemesAsync();

        public Task<AuthenticationScheme?> GetSchemeAsync(string name) => inner.GetSchemeAsync(name);

        public Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => inner.GetDefaultAuthenticateSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultChallengeSchemeAsync() => inner.GetDefaultChallengeSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultForbidSchemeAsync() => inner.GetDefaultForbidSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultSignInSchemeAsync() => inner.GetDefaultSignInSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultSignOutSchemeAsync() => inner.GetDefaultSignOutSchemeAsync();

        public void AddScheme(AuthenticationScheme scheme) => inner.AddScheme(scheme);

        public bool TryAddScheme(AuthenticationScheme scheme) => inner.TryAddScheme(scheme);

        public void RemoveScheme(string name) => inner.RemoveScheme(name);

        private sealed record Filtered(IEnumerable<AuthenticationScheme> All, AuthenticationScheme[] Kept);
    }
}
