using Atrium.Platform.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Atrium.Notifications.Realtime;

/// <summary>
/// <c>/hubs/comments</c>: live comment streams. Public, as an article's comments are: anyone may
/// <see cref="Watch"/> an article by slug and then receives <see cref="StreamComment.Event"/> for
/// each comment added to it.
/// </summary>
public sealed class CommentsHub : Hub
{
    public const int MaxSlugLength = 300;

    public static string Group(string slug) => $"article:{slug}";

    public Task Watch(string slug)
    {
        RealtimeSetup.CountJoin(Context);
        return Groups.AddToGroupAsync(Context.ConnectionId, Group(Check(slug)), Context.ConnectionAborted);
    }

    public Task Unwatch(string slug) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(Check(slug)), Context.ConnectionAborted);

    // A group per slug costs memory (and a Redis subscription with the backplane): no unbounded names.
    private static string Check(string slug) =>
        string.IsNullOrWhiteSpace(slug) || slug.Length > MaxSlugLength ? throw new HubException("slug is invalid") : slug;
}
