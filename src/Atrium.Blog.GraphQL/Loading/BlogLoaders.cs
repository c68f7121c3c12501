using Atrium.Blog.GraphQL.Schema;
using Atrium.Blog.Profiles;
using GraphQL.DataLoader;

namespace Atrium.Blog.GraphQL.Loading;

/// <summary>
/// The per-request loaders: however many articles or comments a query returns, their authors, the
/// viewer's favorites and the comments cost one SQL command each. Scoped: one set per request.
/// </summary>
internal sealed class BlogLoaders(BlogDbContext db, IHttpContextAccessor http)
{
    private BatchLoader<Guid, ProfileResponse?>? profiles;
    private BatchLoader<long, bool>? favorited;
    private BatchLoader<string, IReadOnlyList<CommentNode>>? comments;
    private BatchLoader<long, string>? bodies;

    public Guid? Viewer { get; } = CurrentUser.From(http.HttpContext!.User).Id;

    public IDataLoaderResult<ProfileResponse?> Profile(Guid id) =>
        (profiles ??= new(LoadProfilesAsync, missing: null)).Load(id);

    public IDataLoaderResult<bool> Favorited(long articleId) =>
        (favorited ??= new(LoadFavoritedAsync, missing: false)).Load(articleId);

    public IDataLoaderResult<IReadOnlyList<CommentNode>> Comments(string slug) =>
        (comments ??= new(LoadCommentsAsync, missing: [])).Load(slug);

    /// <summary>Bodies are large and lists rarely show them: read only when a query selects them.</summary>
    public IDataLoaderResult<string> Body(long articleId) =>
        (bodies ??= new(LoadBodiesAsync, missing: "")).Load(articleId);

    private Task<Dictionary<long, string>> LoadBodiesAsync(IReadOnlyCollection<long> articleIds, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Body, ct);

    private Task<Dictionary<Guid, ProfileResponse?>> LoadProfilesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var viewer = Viewer;
        return db.Profiles.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                Profile = new ProfileResponse(p.Username, p.Bio, p.Image,
                    viewer != null && db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == p.Id)),
            })
            .ToDictionaryAsync(p => p.Id, p => (ProfileResponse?)p.Profile, ct);
    }

    private async Task<Dictionary<long, bool>> LoadFavoritedAsync(IReadOnlyCollection<long> articleIds, CancellationToken ct)
    {
        // Anonymous viewers have favorited nothing: no query.
        if (Viewer is not { } viewer)
        {
            return [];
        }

        var ids = await db.Favorites.AsNoTracking().Where(f => f.UserId == viewer && articleIds.Contains(f.ArticleId))
            .Select(f => f.ArticleId).ToListAsync(ct);
        return ids.ToDictionary(id => id, _ => true);
    }

    /// <summary>Oldest first, as the REST list.</summary>
    private async Task<Dictionary<string, IReadOnlyList<CommentNode>>> LoadCommentsAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        var rows = await db.Comments.AsNoTracking()
            .Join(db.Articles.Where(a => slugs.Contains(a.Slug)), c => c.ArticleId, a => a.Id, (c, a) => new { a.Slug, Comment = c })
            .OrderBy(x => x.Comment.Id)
            .Select(x => new { x.Slug, Node = new CommentNode(x.Comment.Id, x.Comment.CreatedAt, x.Comment.UpdatedAt, x.Comment.Body, x.Comment.AuthorId, null) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Slug).ToDictionary(g => g.Key, g => (IReadOnlyList<CommentNode>)[.. g.Select(r => r.Node)]);
    }
}
