using Atrium.Blog.Articles;

namespace Atrium.Blog.Comments;

public static class ListComments
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles/{slug}/comments", HandleAsync).WithName(nameof(ListComments)).AllowAnonymous();

    /// <summary>Oldest first, as a conversation reads.</summary>
    public static async Task<Results<Ok<CommentsEnvelope>, NotFoundError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        if (await ArticleQueries.IdBySlugAsync(db, slug, ct) is not { } articleId)
        {
            return new NotFoundError("article");
        }

        var comments = await db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId)
            .OrderBy(c => c.Id).SelectComment(db, caller.Id).ToListAsync(ct);
        return TypedResults.Ok(new CommentsEnvelope(comments));
    }
}
