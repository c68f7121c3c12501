namespace Atrium.Platform.Messaging.Events;

/// <summary>A blog article was created.</summary>
public sealed record ArticlePublished(long ArticleId, string Slug, string Title, Guid AuthorId) : IntegrationEvent;
