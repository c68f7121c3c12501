namespace Atrium.Platform.Messaging.Events;

/// <summary>Someone commented on an article.</summary>
public sealed record CommentAdded(
    long CommentId, long ArticleId, string ArticleSlug, Guid ArticleAuthorId, Guid CommenterId, string CommenterUsername)
    : IntegrationEvent;
