using Atrium.Platform.Accounts.WebSessions;

namespace Atrium.Todo.Lists;

/// <summary>Signing up or in from the page moves the visitor's guest list (its cookie) into the account.</summary>
internal sealed class ClaimGuestListOnSignIn(TodoDbContext db, TimeProvider clock, TodoTelemetry telemetry) : IWebSessionListener
{
    public async Task SignedInAsync(HttpContext context, Guid userId, CancellationToken ct)
    {
        if (TodoGuestCookie.Read(context) is not { } capability)
        {
            return;
        }

        // Claimed or not (expired, or already someone's), the cookie has done its job.
        if (await ClaimTodoList.ClaimAsync(db, capability, userId, clock, ct) is not null)
        {
            telemetry.Claimed();
        }

        TodoGuestCookie.Forget(context);
    }
}
