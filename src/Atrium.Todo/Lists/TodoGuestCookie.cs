namespace Atrium.Todo.Lists;

/// <summary>
/// The page remembers a visitor's guest list in an HttpOnly cookie (the capability never reaches
/// storage a script can read). Only the page's own endpoints set it: API clients keep their URL themselves.
/// </summary>
public static class TodoGuestCookie
{
    public const string Name = "atrium_todo_guest";

    /// <summary>Endpoint metadata marking the page's routes.</summary>
    public sealed class PageRoute;

    public static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Name, out var value) && value.Length <= OpaqueToken.MaxLength ? value : null;

    public static void RememberIfPage(HttpContext context, string capability)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PageRoute>() is not null)
        {
            context.Response.Cookies.Append(Name, capability, new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                // Sent to /session too: signing in there claims the list.
                Path = "/",
                MaxAge = TimeSpan.FromDays(400),
            });
        }
    }

    public static void Forget(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });
}
