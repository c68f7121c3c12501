using Atrium.Platform.Caching;

namespace Atrium.Blog.Articles;

public static class UnfavoriteArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/articles/{slug}/favorite", HandleAsync).WithName(nameof(UnfavoriteArticle))
            .InvalidatesCacheOnFailure(BlogCache.WriteFailed);

    public static async Task<Results<Ok<ArticleEnvelope>, NotFoundError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        var me = caller.RequiredId;
        if (await ArticleQueries.IdBySlugAsync(db, slug, ct) is not { } articleId)
        {
            return new NotFoundError("article");
        }

        int removed;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            removed = await db.Favorites.Where(f => f.ArticleId == articleId && f.UserId == me).ExecuteDeleteAsync(ct);
            if (removed > 0)
            {
                await db.Articles.Where(a => a.Id == articleId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.FavoritesCount, a => a.FavoritesCount - removed), ct);
            }

            await transaction.CommitAsync(ct);
        }

        if (removed > 0)
        {
            await cache.InvalidateAsync(BlogCache.FavoriteWrite(slug));
        }

        var article = await ArticleQueries.FindArticleAsync(db, articleId, me, ct);
        return article is null ? new NotFoundError("article") : TypedResults.Ok(new ArticleEnvelope(article));
    }
}
