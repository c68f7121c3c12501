namespace Atrium.Blog.Articles;

public static class GetFeed
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles/feed", HandleAsync).WithName(nameof(GetFeed));

    /// <summary>Articles by the authors the caller follows, newest first.</summary>
    public static async Task<Results<Ok<ArticlesEnvelope>, ValidationFailed>> HandleAsync(
        int? limit, int? offset, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var (paging, invalid) = Paging.From(limit, offset);
        if (invalid is not null)
        {
            return invalid;
        }

        var me = caller.RequiredId;
        return TypedResults.Ok(await ArticleQueries.PageAsync(Followed(db, me), db, me, paging!, ct));
    }

    /// <summary>The feed's articles, shared with the GraphQL API.</summary>
    public static IQueryable<Article> Followed(BlogDbContext db, Guid me) =>
        db.Articles.AsNoTracking().Where(a => db.Follows.Any(f => f.FollowerId == me && f.FolloweeId == a.AuthorId));
}
