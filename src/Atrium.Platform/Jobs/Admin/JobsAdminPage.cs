using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Atrium.Platform.Jobs.Admin;

/// <summary>
/// <c>GET /admin/jobs</c>: the operator's page, server-rendered, no script. Without an administrator's
/// cookie it shows a form to paste an API token into; <c>POST /admin/login</c> checks the token and the
/// username, then keeps the token in an HttpOnly, SameSite=Strict cookie scoped to <c>/admin</c>.
/// </summary>
public static class JobsAdminPage
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/jobs", RenderAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/admin/login", LoginAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    internal static async Task<IResult> RenderAsync(HttpContext context, AdminAccess access, JobsOverviewQuery overview, CancellationToken ct)
    {
        if (!await access.IsAdminRequestAsync(context, ct))
        {
            return Page(StatusCodes.Status401Unauthorized, LoginForm(null));
        }

        return Page(StatusCodes.Status200OK, Render(await overview.LoadAsync(ct)));
    }

    internal static async Task<IResult> LoginAsync(HttpContext context, AdminAccess access, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : null;
        var token = form?["token"].ToString();
        var user = await access.ValidateTokenAsync(token);
        if (user is null || !await access.IsAdminAsync(user.Value.UserId, ct))
        {
            return Page(StatusCodes.Status403Forbidden, LoginForm("That token does not belong to an administrator."));
        }

        context.Response.Cookies.Append(AdminAccess.CookieName, token!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
            Expires = new DateTimeOffset(DateTime.SpecifyKind(user.Value.Expires, DateTimeKind.Utc)),
        });
        return Results.Redirect("/admin/jobs", permanent: false, preserveMethod: false);
    }

    private static IResult Page(int status, string body) => Results.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>Atrium jobs</title><style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:2em}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}</style></head><body>{body}</body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string LoginForm(string? problem) =>
        "<h1>Atrium jobs</h1>"
        + (problem is null ? "" : $"<p><strong>{HtmlEncoder.Default.Encode(problem)}</strong></p>")
        + "<form method=\"post\" action=\"/admin/login\"><label>API token of an administrator <input name=\"token\" type=\"password\" size=\"60\"></label> <button>Sign in</button></form>";

    private static string Render(JobsOverview jobs)
    {
        var html = new StringBuilder("<h1>Atrium jobs</h1>");
        Table(html, "By status", ["Status", "Jobs"], jobs.Counts.Select(c => new[] { c.Key, Number(c.Value) }));
        Table(html, "Queues", ["Job", "Status", "Jobs"], jobs.Queues.Select(q => new[] { q.Name, q.Status, Number(q.Count) }));
        Table(html, "Retrying", ["Id", "Job", "Attempt", "Next attempt", "Last error"],
            jobs.Retrying.Select(r => new[] { r.Id.ToString(), r.Name, $"{r.Attempt}/{r.MaxAttempts}", Time(r.NextAttemptAt), r.Error ?? "" }));
        Table(html, "Recent failures", ["Id", "Job", "Status", "Attempt", "Error", "At"],
            jobs.RecentFailures.Select(f => new[] { f.Id.ToString(), f.Name, f.Status, $"{f.Attempt}/{f.MaxAttempts}", f.Error ?? "", Time(f.UpdatedAt) }));
        Table(html, "Recurring", ["Job", "Cron", "Next fire", "Previous fire"],
            jobs.Recurring.Select(r => new[] { r.Name, r.Cron, Time(r.NextFireTime?.UtcDateTime), Time(r.PreviousFireTime?.UtcDateTime) }));
        Table(html, "Workers", ["Instance", "Started", "Last seen", "Alive"],
            jobs.Workers.Select(w => new[] { w.InstanceId, Time(w.StartedAt), Time(w.LastSeenAt), w.Alive ? "yes" : "NO" }));
        return html.ToString();
    }

    private static void Table(StringBuilder html, string title, string[] headings, IEnumerable<string[]> rows)
    {
        var encode = HtmlEncoder.Default;
        html.Append("<h2>").Append(encode.Encode(title)).Append("</h2><table><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(encode.Encode(heading)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(encode.Encode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
