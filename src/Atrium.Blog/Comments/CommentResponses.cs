using Atrium.Blog.Profiles;

namespace Atrium.Blog.Comments;

public sealed record CommentEnvelope(CommentResponse Comment);

public sealed record CommentsEnvelope(IReadOnlyList<CommentResponse> Comments);

public sealed record CommentResponse(long Id, DateTime CreatedAt, DateTime UpdatedAt, string Body, ProfileResponse Author);

public static class CommentQueries
{
    public static IQueryable<CommentResponse> SelectComment(this IQueryable<Comment> comments, BlogDbContext db, Guid? viewer) =>
        comments.Select(c => new CommentResponse(c.Id, c.CreatedAt, c.UpdatedAt, c.Body,
            new ProfileResponse(c.Author.Username, c.Author.Bio, c.Author.Image,
                viewer != null && db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == c.AuthorId))));
}
