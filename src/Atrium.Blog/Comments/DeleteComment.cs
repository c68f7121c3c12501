using Atrium.Blog.Articles;

namespace Atrium.Blog.Comments;

public static class DeleteComment
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/articles/{slug}/comments/{id}", HandleAsync).WithName(nameof(DeleteComment));

    public static async Task<Results<NoContent, NotFoundError, ForbiddenError>> HandleAsync(
        string slug, long id, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        if (await ArticleQueries.IdBySlugAsync(db, slug, ct) is not { } articleId)
        {
            return new NotFoundError("article");
        }

        // Authors delete their own comments; administrators any comment.
        var me = caller.RequiredId;
        var admin = caller.IsAdmin;
        var deleted = await db.Comments.Where(c => c.Id == id && c.ArticleId == articleId && (admin || c.AuthorId == me))
            .ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            return TypedResults.NoContent();
        }

        return await db.Comments.AnyAsync(c => c.Id == id && c.ArticleId == articleId, ct)
            ? new ForbiddenError("comment")
            : new NotFoundError("comment");
    }
}
