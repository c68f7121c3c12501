namespace Atrium.Platform.Messaging.Events;

/// <summary>A user favorited an article (published once, not on idempotent repeats).</summary>
public sealed record ArticleFavorited(long ArticleId, string ArticleSlug, Guid ArticleAuthorId, Guid UserId, string Username)
    : IntegrationEvent;
