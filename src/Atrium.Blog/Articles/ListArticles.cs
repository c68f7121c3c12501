using Atrium.Platform.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Articles;

public static class ListArticles
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles", HandleAsync).WithName(nameof(ListArticles)).AllowAnonymous();

    /// <summary>Anonymous pages are cached whole; a signed-in viewer's page carries their favorites and follows, so it is read.</summary>
    public static async Task<Results<Ok<ArticlesEnvelope>, ValidationFailed>> HandleAsync(
        string? tag, string? author, string? favorited, int? limit, int? offset,
        BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        var (paging, invalid) = Paging.From(limit, offset);
        if (invalid is not null)
        {
            return invalid;
        }

        if (caller.Id is { } viewer)
        {
            return TypedResults.Ok(await ArticleQueries.PageAsync(Filter(db, tag, author, favorited), db, viewer, paging!, ct));
        }

        var page = await cache.GetOrCreateAsync(
            BlogCache.ListKey(tag, author, favorited, paging!.Limit, paging.Offset), [BlogCache.ArticleLists, CacheTags.Profiles],
            async (services, token) =>
            {
                var scoped = services.GetRequiredService<BlogDbContext>();
                return await ArticleQueries.PageAsync(Filter(scoped, tag, author, favorited), scoped, viewer: null, paging, token);
            },
            ct);
        return TypedResults.Ok(page!);
    }

    /// <summary>The list filters, shared with the GraphQL API so both filter alike.</summary>
    public static IQueryable<Article> Filter(BlogDbContext db, string? tag, string? author, string? favorited)
    {
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

        return articles;
    }
}
