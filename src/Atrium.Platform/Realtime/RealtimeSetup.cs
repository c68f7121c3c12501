using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Json;
using Atrium.Platform.Redis;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Platform.Realtime;

/// <summary>
/// SignalR for every module: hubs under <see cref="PathPrefix"/>, authenticated by the API's JWT (from
/// <c>access_token</c> in the query string, as browsers cannot set headers on a WebSocket, or the usual
/// <c>Authorization</c> header) or by the browser session cookie; one hub per concern, mapped by its module
/// with <see cref="MapAtriumHub{THub}"/>. With Redis configured, the Redis backplane carries every
/// group and user message to the instances that hold the connections.
/// </summary>
public static class RealtimeSetup
{
    public const string PathPrefix = "/hubs";

    /// <summary>Picks the session cookie when the request has one and no token, else the JWT (whose 401 says "token is missing").</summary>
    public const string Scheme = "AtriumRealtime";

    /// <summary>
    /// A signed-in caller, by token or by session cookie. Not by an OAuth access token: hubs span
    /// modules and take no per-module scope, so a token limited to scopes is refused (403) here.
    /// </summary>
    public static readonly AuthorizationPolicy Policy =
        new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.HasClaim(Accounts.TokenScopes.ScopedClaim, "true")).Build();

    public static IHostApplicationBuilder AddAtriumRealtime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddAuthentication().AddPolicyScheme(Scheme, "Token or web session", o => o.ForwardDefaultSelector = context =>
            context.Request.Cookies.ContainsKey(WebSessionDefaults.CookieName)
            && !context.Request.Query.ContainsKey(AccessTokenParameter) && context.Request.Headers.Authorization.Count == 0
            && FromOwnOrigin(context.Request)
                ? WebSessionDefaults.Scheme
                : Accounts.TokenAuthentication.Scheme);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var fromHeader = jwt.Events.OnMessageReceived;
            jwt.Events.OnMessageReceived = async context =>
            {
                // Only on the hubs: a token in a URL ends up in logs and histories, so the API keeps refusing it there.
                if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase)
                    && context.Request.Query[AccessTokenParameter].ToString() is { Length: > 0 } token
                    && context.Request.Headers.Authorization.Count == 0)
                {
                    context.Token = token;
                    return;
                }

                await fromHeader(context);
            };
        });

        services.AddSingleton<IUserIdProvider, AccountUserIdProvider>();
        services.AddSingleton<RealtimeConnections>();
        services.AddHostedService<RealtimeRevalidator>();
        var signalR = services.AddSignalR(o => o.EnableDetailedErrors = false)
            // Payloads as the REST API writes them: camelCase, UTC dates with a Z; modules add their source-generated contexts.
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new UtcDateTimeJsonConverter()));
        services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, Jobs.JobsJsonContext.Default));
        services.AddOptions<HubOptions>().Configure<IOptions<RealtimeOptions>>((hub, realtime) =>
        {
            hub.KeepAliveInterval = realtime.Value.KeepAliveInterval;
            hub.ClientTimeoutInterval = realtime.Value.KeepAliveInterval * 2;
            hub.AddFilter<RealtimeConnections>();
        });

        // Read while the host is built (the hub lifetime manager is chosen once), like the cache's Redis switch.
        var redis = builder.Configuration.GetConnectionString(RedisConnection.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var prefix = builder.Configuration[$"{RealtimeOptions.SectionName}:{nameof(RealtimeOptions.RedisChannelPrefix)}"]
                ?? new RealtimeOptions().RedisChannelPrefix;
            signalR.AddStackExchangeRedis(redis, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix + ":signalr");
                // As the shared connection: start while Redis is down and keep reconnecting.
                o.Configuration.AbortOnConnectFail = false;
            });
        }

        return builder;
    }

    /// <summary>
    /// Maps a hub at <c>/hubs/{name}</c>. Signed-in callers only (401 on negotiate otherwise) unless
    /// <paramref name="allowAnonymous"/>: then the hub authorises each group itself, with the caller's
    /// identity still read when there is one. A connection closes when its token or session expires, and
    /// within <see cref="RealtimeOptions.RevalidateInterval"/> of its sign-in being revoked.
    /// </summary>
    public static HubEndpointConventionBuilder MapAtriumHub<THub>(this IEndpointRouteBuilder endpoints, string name, bool allowAnonymous = false)
        where THub : Hub
    {
        var hub = endpoints.MapHub<THub>($"{PathPrefix}/{name}", o => o.CloseOnAuthenticationExpiration = true);
        hub.RequireAuthorization(Policy);
        if (allowAnonymous)
        {
            hub.AllowAnonymous();
        }

        return hub;
    }

    private const string AccessTokenParameter = "access_token";

    /// <summary>Most groups one connection may ask to join (each join may cost a query and a Redis subscription).</summary>
    public const int MaxJoinsPerConnection = 100;

    /// <summary>
    /// Counts a join request against <see cref="MaxJoinsPerConnection"/>, failed ones included: hub calls
    /// over an open WebSocket pass no HTTP rate limiter, so this bounds what one connection can make
    /// the server do. Past the limit the call fails; the client may reconnect (a new HTTP request, rate-limited).
    /// </summary>
    public static void CountJoin(HubCallerContext context)
    {
        var joins = context.Items.TryGetValue(JoinsKey, out var value) && value is int count ? count : 0;
        if (joins >= MaxJoinsPerConnection)
        {
            throw new HubException("too many joins on this connection");
        }

        context.Items[JoinsKey] = joins + 1;
    }

    private static readonly object JoinsKey = new();

    /// <summary>
    /// A WebSocket handshake is not bound by CORS and antiforgery does not apply to it, so a cookie only
    /// counts when the page that opens the connection is our own (a browser always sends Origin then;
    /// SameSite=Lax alone would still admit a sibling subdomain).
    /// </summary>
    private static bool FromOwnOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>Clients.User(id)</c> addresses an account by its id (the token's and the cookie's <c>sub</c>).</summary>
    private sealed class AccountUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) =>
            CurrentUser.From(connection.User).Id?.ToString();
    }
}
