using Atrium.Platform.Caching;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Blog.Articles;

public static class FavoriteArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/articles/{slug}/favorite", HandleAsync).WithName(nameof(FavoriteArticle))
            .InvalidatesCacheOnFailure(BlogCache.WriteFailed);

    /// <summary>Idempotent: favoriting twice leaves one favorite.</summary>
    public static async Task<Results<Ok<ArticleEnvelope>, NotFoundError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        var me = caller.RequiredId;
        if (await ArticleQueries.IdBySlugAsync(db, slug, ct) is not { } articleId)
        {
            return new NotFoundError("article");
        }

        if (!await db.Favorites.AnyAsync(f => f.ArticleId == articleId && f.UserId == me, ct))
        {
            var facts = await ArticleQueries.EventFactsAsync(db, articleId, me, ct);
            // The favorite, the article's counter and the event change together or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Favorites.Add(new Favorite { ArticleId = articleId, UserId = me });
            if (facts is not null)
            {
                db.AddEvent(new ArticleFavorited(articleId, facts.Slug, facts.AuthorId, me, facts.ActorUsername ?? ""));
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await db.Articles.Where(a => a.Id == articleId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.FavoritesCount, a => a.FavoritesCount + 1), ct);
                await transaction.CommitAsync(ct);
                await cache.InvalidateAsync(BlogCache.FavoriteWrite(slug));
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // A concurrent request favorited it first: the outcome is the same.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (ForeignKeyViolation.Is(e))
            {
                // The article was deleted between the lookup and the insert.
                await transaction.RollbackAsync(ct);
                return new NotFoundError("article");
            }
        }

        var article = await ArticleQueries.FindArticleAsync(db, articleId, me, ct);
        return article is null ? new NotFoundError("article") : TypedResults.Ok(new ArticleEnvelope(article));
    }
}
