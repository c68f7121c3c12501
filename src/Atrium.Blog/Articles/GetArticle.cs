using System.ComponentModel;
using Atrium.Blog.Profiles;
using Atrium.Platform.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Articles;

/// <summary>An article as every viewer sees it (not favorited, author not followed), with the ids the per-viewer part needs.</summary>
[ImmutableObject(true)]
public sealed record CachedArticle(long Id, Guid AuthorId, ArticleResponse Article);

public static class GetArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/articles/{slug}", HandleAsync).WithName(nameof(GetArticle)).AllowAnonymous();

    public static async Task<Results<Ok<ArticleEnvelope>, NotFoundError>> HandleAsync(
        string slug, BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        var cached = await cache.GetOrCreateAsync(
            BlogCache.Article(slug), [BlogCache.Article(slug), CacheTags.Profiles],
            (services, token) => new ValueTask<CachedArticle?>(FindAsync(services.GetRequiredService<BlogDbContext>(), slug, token)),
            ct);
        if (cached is null)
        {
            return new NotFoundError("article");
        }

        if (caller.Id is not { } viewer)
        {
            return TypedResults.Ok(new ArticleEnvelope(cached.Article));
        }

        var state = await db.Articles.Where(a => a.Id == cached.Id)
            .Select(a => new ViewerState(
                a.Favorites.Any(f => f.UserId == viewer),
                db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == a.AuthorId)))
            .FirstOrDefaultAsync(ct);
        // Null: deleted since it was cached (a delete racing this read).
        return state is null
            ? new NotFoundError("article")
            : TypedResults.Ok(new ArticleEnvelope(cached.Article with
            {
                Favorited = state.Favorited,
                Author = cached.Article.Author with { Following = state.Following },
            }));
    }

    private static Task<CachedArticle?> FindAsync(BlogDbContext db, string slug, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.Slug == slug)
            .Select(a => new CachedArticle(a.Id, a.AuthorId, new ArticleResponse(
                a.Slug, a.Title, a.Description, a.Body, a.TagList, a.CreatedAt, a.UpdatedAt, false, a.FavoritesCount,
                new ProfileResponse(a.Author.Username, a.Author.Bio, a.Author.Image, false))))
            .FirstOrDefaultAsync(ct);

    private sealed record ViewerState(bool Favorited, bool Following);
}
