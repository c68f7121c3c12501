using Atrium.Blog.Profiles;

namespace Atrium.Blog.Articles;

/// <summary>
/// Read projections. Each is one SQL command whatever the page size: tag names and the favorite
/// count are columns of the article row, favorite and follow state are indexed sub-queries, the
/// author's profile is joined — nothing is loaded per article.
/// </summary>
public static class ArticleQueries
{
    public static IQueryable<ArticleResponse> SelectArticle(this IQueryable<Article> articles, BlogDbContext db, Guid? viewer) =>
        articles.Select(a => new ArticleResponse(
            a.Slug, a.Title, a.Description, a.Body, a.TagList, a.CreatedAt, a.UpdatedAt,
            viewer != null && a.Favorites.Any(f => f.UserId == viewer),
            a.FavoritesCount,
            new ProfileResponse(a.Author.Username, a.Author.Bio, a.Author.Image,
                viewer != null && db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == a.AuthorId))));

    public static IQueryable<ArticleSummary> SelectSummary(this IQueryable<Article> articles, BlogDbContext db, Guid? viewer) =>
        articles.Select(a => new ArticleSummary(
            a.Slug, a.Title, a.Description, a.TagList, a.CreatedAt, a.UpdatedAt,
            viewer != null && a.Favorites.Any(f => f.UserId == viewer),
            a.FavoritesCount,
            new ProfileResponse(a.Author.Username, a.Author.Bio, a.Author.Image,
                viewer != null && db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == a.AuthorId))));

    public static Task<ArticleResponse?> FindArticleAsync(BlogDbContext db, long id, Guid? viewer, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == id).SelectArticle(db, viewer).FirstOrDefaultAsync(ct);

    /// <summary>Newest first; the id breaks ties between articles created in the same millisecond.</summary>
    public static async Task<ArticlesEnvelope> PageAsync(
        IQueryable<Article> filtered, BlogDbContext db, Guid? viewer, Paging paging, CancellationToken ct)
    {
        var total = await filtered.CountAsync(ct);
        var page = total == 0
            ? []
            : await filtered.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
                .Skip(paging.Offset).Take(paging.Limit)
                .SelectSummary(db, viewer)
                .ToListAsync(ct);
        return new ArticlesEnvelope(page, total);
    }

    /// <summary>
    /// The slug a title gets: its plain slug when no other article holds it, else a suffixed one.
    /// The unique index stays the arbiter: a concurrent writer can still take it before the save.
    /// </summary>
    public static async Task<string> AvailableSlugAsync(BlogDbContext db, string title, long? exceptArticleId, CancellationToken ct)
    {
        var slug = Slugs.FromTitle(title);
        var taken = await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != exceptArticleId, ct);
        return taken ? Slugs.WithSuffix(slug) : slug;
    }

    /// <summary>What an event about an article tells its consumers: slug, author, and the acting user's name.</summary>
    public static Task<ArticleEventFacts?> EventFactsAsync(BlogDbContext db, long articleId, Guid actor, CancellationToken ct) =>
        db.Articles.Where(a => a.Id == articleId)
            .Select(a => new ArticleEventFacts(a.Slug, a.AuthorId, db.Profiles.Where(p => p.Id == actor).Select(p => p.Username).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);

    public static Task<long?> IdBySlugAsync(BlogDbContext db, string slug, CancellationToken ct) =>
        db.Articles.Where(a => a.Slug == slug).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
}

public sealed record ArticleEventFacts(string Slug, Guid AuthorId, string? ActorUsername);
