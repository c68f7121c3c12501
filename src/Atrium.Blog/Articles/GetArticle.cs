namespace Atrium.Blog.Articles;

public static class GetArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles/{slug}", HandleAsync).WithName(nameof(GetArticle)).AllowAnonymous();

    public static async Task<Results<Ok<ArticleEnvelope>, NotFoundError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Slug == slug)
            .SelectArticle(db, caller.Id).FirstOrDefaultAsync(ct);
        return article is null ? new NotFoundError("article") : TypedResults.Ok(new ArticleEnvelope(article));
    }
}
