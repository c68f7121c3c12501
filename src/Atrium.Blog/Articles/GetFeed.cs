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
        var articles = db.Articles.AsNoTracking()
            .Where(a => db.Follows.Any(f => f.FollowerId == me && f.FolloweeId == a.AuthorId));
        return TypedResults.Ok(await ArticleQueries.PageAsync(articles, db, me, paging!, ct));
    }
}
