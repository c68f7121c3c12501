using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Blog.Profiles;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// An article as the schema resolves it. From a list it carries ids, and the body, the author and the
/// favorite state come from the loaders; from a REST handler (a mutation, <c>article(slug)</c>) all come filled in.
/// </summary>
internal sealed record ArticleNode(
    string Slug, string Title, string Description, string? Body, IReadOnlyList<string> TagList,
    DateTime CreatedAt, DateTime UpdatedAt, int FavoritesCount,
    long Id = 0, Guid AuthorId = default, bool? Favorited = null, ProfileResponse? Author = null)
{
    public static ArticleNode From(ArticleResponse a) =>
        new(a.Slug, a.Title, a.Description, a.Body, a.TagList, a.CreatedAt, a.UpdatedAt, a.FavoritesCount,
            Favorited: a.Favorited, Author: a.Author);
}

internal sealed record CommentNode(long Id, DateTime CreatedAt, DateTime UpdatedAt, string Body, Guid AuthorId, ProfileResponse? Author)
{
    public static CommentNode From(CommentResponse c) => new(c.Id, c.CreatedAt, c.UpdatedAt, c.Body, default, c.Author);
}

/// <summary>Offset paging as REST: a page and the total.</summary>
internal sealed record ArticlePage(IReadOnlyList<ArticleNode> Articles, int ArticlesCount);

internal sealed record ArticleEdge(string Cursor, ArticleNode Node);

internal sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

internal sealed record ArticleConnection(IReadOnlyList<ArticleEdge> Edges, PageInfo PageInfo, int TotalCount);
