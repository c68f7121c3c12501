using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using Atrium.Platform.Accounts.ExternalSignIn;
using Atrium.Todo.Lists;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Atrium.Todo.Page;

/// <summary>
/// <c>/todo/</c>: the TodoMVC page. The first paint is server-rendered (the current list's todos in
/// TodoMVC's markup), then <c>app.js</c> takes over and persists every change through the page's API.
/// </summary>
public static class TodoPage
{
    // The page loads only its own script and styles and talks only to its own origin.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    // Read once from the assembly: they never change while the process runs.
    private static readonly ConcurrentDictionary<string, string> Assets = new(StringComparer.Ordinal);

    public static void Map(RouteGroupBuilder page)
    {
        page.MapGet("/", RenderAsync).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/realtime.js", () => Asset("realtime.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
    }

    public static async Task<IResult> RenderAsync(
        string? list, HttpContext context, TodoDbContext db, CurrentUser caller, IAntiforgery antiforgery,
        TimeProvider clock, IOptions<TodoOptions> options, ExternalSignInProviders providers, CancellationToken ct)
    {
        var token = antiforgery.GetAndStoreTokens(context).RequestToken ?? "";
        var view = await CurrentListAsync(list, context, db, caller, clock, options, ct);
        var todos = view.ListId is { } id
            ? await db.Items.AsNoTracking().Where(i => i.ListId == id).OrderBy(i => i.Id).ToListAsync(ct)
            : [];
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(
            Render(view, todos, token, context.User.Identity?.Name, options.Value.OAuthClientId is not null, providers.All), "text/html; charset=utf-8");
    }

    private sealed record View(string? PublicId, Guid? ListId, string Title, IReadOnlyList<(string Id, string Title)> Lists, bool SignedIn);

    /// <summary>Signed in: the list asked for, else the most recently used. A visitor: the guest list of their cookie, if it still exists.</summary>
    private static async Task<View> CurrentListAsync(
        string? requested, HttpContext context, TodoDbContext db, CurrentUser caller, TimeProvider clock, IOptions<TodoOptions> options, CancellationToken ct)
    {
        if (caller.Id is { } owner)
        {
            var lists = await ListTodoLists.FindAsync(db, owner, ct);
            var current = lists.FirstOrDefault(l => l.List.Id.ToString() == requested).List ?? lists.FirstOrDefault().List;
            return new View(current?.Id.ToString(), current?.Id, current?.Title ?? ListRules.DefaultTitle,
                lists.Select(l => (l.List.Id.ToString(), l.List.Title)).ToList(), SignedIn: true);
        }

        if (TodoGuestCookie.Read(context) is { } guest && await ListAccess.OpenAsync(db, guest, caller, clock, options, ct) is { } id)
        {
            var title = await db.Lists.Where(l => l.Id == id).Select(l => l.Title).FirstAsync(ct);
            return new View(guest, id, title, [], SignedIn: false);
        }

        return new View(null, null, ListRules.DefaultTitle, [], SignedIn: false);
    }

    private static string Render(
        View view, List<TodoItem> todos, string antiforgeryToken, string? username, bool oauth, IReadOnlyList<ExternalProvider> providers)
    {
        var active = todos.Count(t => !t.Completed);
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(view.Title)).Append(" · Atrium todos</title>\n")
            .Append("<meta name=\"csrf-token\" content=\"").Append(E(antiforgeryToken)).Append("\">\n")
            .Append("<link rel=\"stylesheet\" href=\"/todo/app.css\">\n")
            .Append("<script src=\"/todo/app.js\" defer></script>\n")
            .Append("<script src=\"/todo/realtime.js\" defer></script>\n</head>\n")
            .Append("<body data-lists-url=\"/todo/api/lists\" data-list-id=\"").Append(E(view.PublicId ?? ""))
            .Append("\" data-signed-in=\"").Append(view.SignedIn ? "true" : "false").Append("\">\n");
        RenderAccountBar(html, view, username, oauth, providers);
        html.Append("<section class=\"todoapp\">\n<header class=\"header\">\n<h1>todos</h1>\n")
            .Append("<input class=\"new-todo\" placeholder=\"What needs to be done?\" aria-label=\"New todo\" maxlength=\"")
            .Append(TodoItem.MaxTitleLength).Append("\" autofocus>\n</header>\n");
        html.Append("<section class=\"main\"").Append(todos.Count == 0 ? " hidden" : "").Append(">\n")
            .Append("<input id=\"toggle-all\" class=\"toggle-all\" type=\"checkbox\"").Append(todos.Count > 0 && active == 0 ? " checked" : "").Append(">\n")
            .Append("<label for=\"toggle-all\">Mark all as complete</label>\n<ul class=\"todo-list\">\n");
        foreach (var todo in todos)
        {
            html.Append("<li data-id=\"").Append(todo.Id).Append('"').Append(todo.Completed ? " class=\"completed\"" : "").Append('>')
                .Append("<div class=\"view\"><input class=\"toggle\" type=\"checkbox\"").Append(todo.Completed ? " checked" : "").Append('>')
                .Append("<label>").Append(E(todo.Title)).Append("</label><button class=\"destroy\" aria-label=\"Delete\"></button></div>")
                .Append("<input class=\"edit\" value=\"").Append(E(todo.Title)).Append("\"></li>\n");
        }

        html.Append("</ul>\n</section>\n<footer class=\"footer\"").Append(todos.Count == 0 ? " hidden" : "").Append(">\n")
            .Append("<span class=\"todo-count\"><strong>").Append(active).Append("</strong> ").Append(active == 1 ? "item" : "items").Append(" left</span>\n")
            .Append("<ul class=\"filters\">\n<li><a href=\"#/\" class=\"selected\">All</a></li>\n<li><a href=\"#/active\">Active</a></li>\n")
            .Append("<li><a href=\"#/completed\">Completed</a></li>\n</ul>\n")
            .Append("<button class=\"clear-completed\"").Append(todos.Count == active ? " hidden" : "").Append(">Clear completed</button>\n")
            .Append("</footer>\n</section>\n")
            .Append("<footer class=\"info\">\n<p>Double-click to edit a todo</p>\n<p>Also a <a href=\"https://todobackend.com\">Todo-Backend</a> API: see the README</p>\n</footer>\n")
            .Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void RenderAccountBar(StringBuilder html, View view, string? username, bool oauth, IReadOnlyList<ExternalProvider> providers)
    {
        html.Append("<nav class=\"account\">\n");
        if (view.SignedIn)
        {
            html.Append("<span class=\"who\">Signed in as <strong class=\"username\">").Append(E(username ?? "")).Append("</strong></span>\n")
                .Append("<label class=\"list-picker\">List <select class=\"list-select\">");
            foreach (var (id, title) in view.Lists)
            {
                html.Append("<option value=\"").Append(E(id)).Append('"').Append(id == view.PublicId ? " selected" : "").Append('>')
                    .Append(E(title)).Append("</option>");
            }

            html.Append("</select></label>\n<button type=\"button\" class=\"new-list\">New list</button>\n")
                .Append("<button type=\"button\" class=\"sign-out\">Sign out</button>\n");
            // Signed in, the same sign-in offers to link the provider to this account (after a confirmation).
            foreach (var provider in providers)
            {
                html.Append("<a class=\"external-link\" data-provider=\"").Append(E(provider.Name)).Append("\" href=\"")
                    .Append(E(ExternalSignInProviders.SignInUrl(provider, "/todo/"))).Append("\">Link ")
                    .Append(E(provider.DisplayName)).Append("</a>\n");
            }
        }
        else
        {
            html.Append("<span class=\"who\">").Append(view.PublicId is null ? "Not signed in" : "Guest list: sign up to keep it").Append("</span>\n")
                .Append(oauth ? "<a class=\"oauth-sign-in\" href=\"/todo/sign-in\">Sign in with Atrium</a>\n" : "")
                .Append("<button type=\"button\" class=\"show-sign-in\">Sign in</button>\n")
                .Append("<button type=\"button\" class=\"show-sign-up\">Sign up</button>\n")
                .Append("<form class=\"auth-form\" hidden>\n")
                .Append("<input name=\"username\" class=\"auth-username\" placeholder=\"Username\" autocomplete=\"username\">\n")
                .Append("<input name=\"email\" class=\"auth-email\" type=\"email\" placeholder=\"E-mail\" autocomplete=\"email\" required>\n")
                .Append("<input name=\"password\" class=\"auth-password\" type=\"password\" placeholder=\"Password\" autocomplete=\"current-password\" required>\n")
                .Append("<button type=\"submit\" class=\"auth-submit\">Sign in</button>\n")
                .Append("<p class=\"auth-error\" role=\"alert\" hidden></p>\n</form>\n");
            // Links, not forms: the provider's sign-in is a navigation away (see ExternalSignInEndpoints).
            foreach (var provider in providers)
            {
                html.Append("<a class=\"external-sign-in\" data-provider=\"").Append(E(provider.Name)).Append("\" href=\"")
                    .Append(E(ExternalSignInProviders.SignInUrl(provider, "/todo/"))).Append("\">Sign in with ")
                    .Append(E(provider.DisplayName)).Append("</a>\n");
            }
        }

        html.Append("</nav>\n");
    }

    private static string E(string value) => Html.Encode(value);

    private static IResult Asset(string name, string contentType) =>
        Results.Text(Assets.GetOrAdd(name, Load), contentType);

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Atrium.Todo.Page.{name}")
            ?? throw new InvalidOperationException($"The page asset {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
