using System.ComponentModel;
using Atrium.Blog.Profiles;

namespace Atrium.Blog.Articles;

public sealed record ArticleEnvelope(ArticleResponse Article);

public sealed record ArticleResponse(
    string Slug, string Title, string Description, string Body, IReadOnlyList<string> TagList,
    DateTime CreatedAt, DateTime UpdatedAt, bool Favorited, int FavoritesCount, ProfileResponse Author);

/// <summary>List endpoints omit the body (the spec says so; it also keeps pages small).</summary>
[ImmutableObject(true)]
public sealed record ArticlesEnvelope(IReadOnlyList<ArticleSummary> Articles, int ArticlesCount);

public sealed record ArticleSummary(
    string Slug, string Title, string Description, IReadOnlyList<string> TagList,
    DateTime CreatedAt, DateTime UpdatedAt, bool Favorited, int FavoritesCount, ProfileResponse Author);
