using Atrium.Platform.Caching;

namespace Atrium.Blog.Articles;

public static class DeleteArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/articles/{slug}", HandleAsync).WithName(nameof(DeleteArticle))
            .InvalidatesCacheOnFailure(BlogCache.WriteFailed);

    public static async Task<Results<NoContent, NotFoundError, ForbiddenError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        // The owner check is part of the DELETE itself: no window between checking and deleting.
        // Tags, favorites and comments go with it (ON DELETE CASCADE). Administrators may delete any article.
        var me = caller.RequiredId;
        var admin = caller.IsAdmin;
        var deleted = await db.Articles.Where(a => a.Slug == slug && (admin || a.AuthorId == me)).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            await cache.InvalidateAsync(BlogCache.ArticleWrite(slug));
            return TypedResults.NoContent();
        }

        return await db.Articles.AnyAsync(a => a.Slug == slug, ct) ? new ForbiddenError("article") : new NotFoundError("article");
    }
}
