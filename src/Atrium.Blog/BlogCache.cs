using Atrium.Platform.Caching;

namespace Atrium.Blog;

/// <summary>
/// What the blog caches, under which keys, and the tags that invalidate it. Cached values are the
/// viewer-independent part of a response; <c>favorited</c> and <c>following</c> are read per viewer.
/// </summary>
/// <remarks>
/// Reads and the tags they depend on:
/// <list type="bullet">
/// <item><c>GET /api/tags</c>: <see cref="TagList"/>.</item>
/// <item><c>GET /api/articles/{slug}</c>: <see cref="Article"/>(slug), <see cref="CacheTags.Profiles"/> (the author).</item>
/// <item><c>GET /api/articles</c>, anonymous only: <see cref="ArticleLists"/>, <see cref="CacheTags.Profiles"/>.</item>
/// <item><c>GET /api/profiles/{username}</c>: <see cref="CacheTags.Profiles"/>.</item>
/// </list>
/// Every article write raises <see cref="ArticleWrite"/> for each slug it touched; favorites raise
/// the article and the lists. Follows change only per-viewer fields, which are never cached.
/// </remarks>
internal static class BlogCache
{
    public const string TagList = "blog:tags";
    public const string ArticleLists = "blog:articles";

    public static string Article(string slug) => $"blog:article:{slug}";

    /// <summary>An article's content, tags or existence changed (tags and counts appear in lists and /api/tags).</summary>
    public static IReadOnlyList<string> ArticleWrite(params IEnumerable<string> slugs) =>
        [TagList, ArticleLists, .. slugs.Distinct(StringComparer.Ordinal).Select(Article)];

    /// <summary>A favorite count changed: the article and every list showing it.</summary>
    public static IReadOnlyList<string> FavoriteWrite(string slug) => [ArticleLists, Article(slug)];

    /// <summary>For <see cref="InvalidateOnFailure"/>: everything an article write may have changed (a new slug can't be known here; it had nothing cached).</summary>
    public static IReadOnlyList<string> WriteFailed(HttpContext context) =>
        context.Request.RouteValues["slug"] is string slug ? ArticleWrite(slug) : ArticleWrite();

    public static string ProfileKey(string username) => $"blog:profile:{username}";

    /// <summary>Filters are length-prefixed so no two filter combinations share a key.</summary>
    public static string ListKey(string? tag, string? author, string? favorited, int limit, int offset) =>
        $"blog:articles:{limit}:{offset}:{Part(tag)}|{Part(author)}|{Part(favorited)}";

    private static string Part(string? value) => string.IsNullOrEmpty(value) ? "-" : $"{value.Length}:{value}";
}
