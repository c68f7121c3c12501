using Atrium.Notifications.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Atrium.Notifications.Realtime;

/// <summary>A new comment, as the article's live stream shows it: the client reads its body from the REST API.</summary>
public sealed record CommentStreamed(long CommentId, string ArticleSlug, NotificationActor Author, DateTime CreatedAt);

/// <summary>
/// Pushes each added comment to the connections watching its article. Nothing is stored, so a
/// redelivered event may push twice: clients de-duplicate by <c>commentId</c>.
/// </summary>
public sealed class StreamComment(IHubContext<CommentsHub> hub) : IEventConsumer<CommentAdded>
{
    public const string Endpoint = "notifications-comment-stream";

    public const string Event = "commentAdded";

    public Task HandleAsync(CommentAdded message, Guid messageId, CancellationToken ct) =>
        hub.Clients.Group(CommentsHub.Group(message.ArticleSlug)).SendAsync(Event,
            new CommentStreamed(message.CommentId, message.ArticleSlug, new NotificationActor(message.CommenterUsername),
                message.OccurredAt.TruncateToMilliseconds()), ct);
}
