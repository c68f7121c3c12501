using Atrium.Platform.Realtime;
using Atrium.Todo.Lists;
using Microsoft.AspNetCore.SignalR;

namespace Atrium.Todo.Realtime;

/// <summary>
/// <c>/hubs/todo-lists</c>: every open page of a list hears <see cref="TodoListChanges.Event"/> when
/// anyone changes it (then reloads its todos). Connecting needs no account, as guest lists need none;
/// <see cref="Join"/> is where access is checked, by the same rule as the API: an owned list by its
/// signed-in owner (token or session cookie), a guest list by whoever holds its capability id.
/// </summary>
public sealed class TodoListHub(TodoDbContext db) : Hub
{
    public async Task Join(string listId)
    {
        RealtimeSetup.CountJoin(Context);
        var caller = CurrentUser.From(Context.User ?? new());
        if (string.IsNullOrEmpty(listId) || listId.Length > OpaqueToken.MaxLength
            || !await db.Lists.AsNoTracking().Visible(listId, caller).AnyAsync(Context.ConnectionAborted))
        {
            // The API's answer for a stranger's list and for a missing one alike.
            throw new HubException("list not found");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, TodoListChanges.Group(listId), Context.ConnectionAborted);
    }

    public Task Leave(string listId) =>
        string.IsNullOrEmpty(listId) || listId.Length > OpaqueToken.MaxLength
            ? Task.CompletedTask
            : Groups.RemoveFromGroupAsync(Context.ConnectionId, TodoListChanges.Group(listId), Context.ConnectionAborted);
}
