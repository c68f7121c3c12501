namespace Atrium.Blog.Articles;

public static class ListArticles
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles", HandleAsync).WithName(nameof(ListArticles)).AllowAnonymous();

    public static async Task<Results<Ok<ArticlesEnvelope>, ValidationFailed>> HandleAsync(
        string? tag, string? author, string? favorited, int? limit, int? offset,
        BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var (paging, invalid) = Paging.From(limit, offset);
        if (invalid is not null)
        {
            return invalid;
        }

        IQueryable<Article> articles = db.Articles.AsNoTracking();
        // An empty filter (?tag=) means no filter, as front ends send it.
        if (!string.IsNullOrEmpty(tag))
        {
            articles = articles.Where(a => a.Tags.Any(t => t.Tag == tag));
        }

        if (!string.IsNullOrEmpty(author))
        {
            articles = articles.Where(a => a.Author.Username == author);
        }

        if (!string.IsNullOrEmpty(favorited))
        {
            articles = articles.Where(a => a.Favorites.Any(f => db.Profiles.Any(p => p.Id == f.UserId && p.Username == favorited)));
        }

        return TypedResults.Ok(await ArticleQueries.PageAsync(articles, db, caller.Id, paging!, ct));
    }
}
