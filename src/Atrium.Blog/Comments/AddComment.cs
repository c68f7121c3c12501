using Atrium.Blog.Articles;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Blog.Comments;

public sealed record AddCommentRequest(AddCommentFields? Comment);

public sealed record AddCommentFields(string? Body);

public static class AddComment
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/articles/{slug}/comments", HandleAsync).WithName(nameof(AddComment));

    public static async Task<Results<Created<CommentEnvelope>, ValidationFailed, NotFoundError>> HandleAsync(
        string slug, AddCommentRequest request, BlogDbContext db, CurrentUser caller, TimeProvider clock,
        BlogTelemetry telemetry, CancellationToken ct)
    {
        using var activity = BlogTelemetry.StartWrite("comment");
        if (request.Comment is not { } fields)
        {
            return new ValidationFailed("comment", "is missing");
        }

        if (ArticleRules.CheckText(fields.Body, ArticleRules.MaxCommentLength) is { } error)
        {
            return new ValidationFailed("body", error);
        }

        if (await ArticleQueries.IdBySlugAsync(db, slug, ct) is not { } articleId)
        {
            return new NotFoundError("article");
        }

        var me = caller.RequiredId;
        var facts = await ArticleQueries.EventFactsAsync(db, articleId, me, ct);
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var comment = new Comment { ArticleId = articleId, AuthorId = me, Body = fields.Body!, CreatedAt = now, UpdatedAt = now };
        db.Comments.Add(comment);
        try
        {
            await db.SaveChangesWithEventAsync(
                () => new CommentAdded(comment.Id, articleId, facts?.Slug ?? slug, facts?.AuthorId ?? Guid.Empty, me, facts?.ActorUsername ?? ""), ct);
        }
        catch (DbUpdateException e) when (ForeignKeyViolation.Is(e))
        {
            // The article was deleted between the lookup and the insert (foreign key).
            return new NotFoundError("article");
        }

        var created = await db.Comments.AsNoTracking().Where(c => c.Id == comment.Id).SelectComment(db, caller.Id).FirstOrDefaultAsync(ct);
        if (created is null)
        {
            // Stored, then cascaded away with its article before it could be read back.
            return new NotFoundError("article");
        }

        telemetry.Wrote("comment");
        return TypedResults.Created($"/api/articles/{Uri.EscapeDataString(slug)}/comments/{comment.Id}", new CommentEnvelope(created));
    }
}
