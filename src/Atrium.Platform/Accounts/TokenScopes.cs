namespace Atrium.Platform.Accounts;

/// <summary>
/// OAuth scopes per module. An access token from the authorization server carries
/// <see cref="ScopedClaim"/> and one <see cref="ScopeClaim"/> per granted scope, and reaches a module's
/// API only with that module's scope; a RealWorld token (or a browser session) has no scopes and keeps
/// full access, as before OAuth existed. A module's endpoint group calls <see cref="RequireScope{TBuilder}"/> once.
/// </summary>
public static class TokenScopes
{
    /// <summary>Marks a principal whose access is limited to its scopes.</summary>
    public const string ScopedClaim = "atrium:scoped";

    /// <summary>One granted scope.</summary>
    public const string ScopeClaim = "atrium:scope";

    public const string Blog = "blog";
    public const string Todo = "todo";
    public const string Images = "images";
    public const string Weather = "weather";

    public static IReadOnlyList<string> All { get; } = [Blog, Todo, Images, Weather];

    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var user = http.User;
            if (!user.HasClaim(ScopedClaim, "true"))
            {
                return await next(context);
            }

            // A client-credentials token names no account: the default authorization policy (which requires
            // one) already closed the endpoints that act for a user before this filter runs.
            return user.HasClaim(ScopeClaim, scope)
                ? await next(context)
                : Refuse(http, "insufficient_scope", $"needs the '{scope}' scope");
        });

    private static ScopeForbidden Refuse(HttpContext http, string error, string message)
    {
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\"";
        return new ScopeForbidden(message);
    }

    private sealed class ScopeForbidden(string message) : ApiError(StatusCodes.Status403Forbidden, ErrorBody.For("token", message));
}
