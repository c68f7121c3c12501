using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Atrium.Blog.Articles;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>Article lists: one command for the total, one for the rows; per-article parts come from the loaders.</summary>
internal static class ArticleReads
{
    public static async Task<ArticlePage> PageAsync(IQueryable<Article> filtered, Paging paging, CancellationToken ct)
    {
        var total = await filtered.CountAsync(ct);
        var rows = total == 0
            ? []
            : await Newest(filtered).Skip(paging.Offset).Take(paging.Limit).SelectNode().ToListAsync(ct);
        return new ArticlePage(rows, total);
    }

    /// <summary>
    /// Keyset paging, newest first: the cursor is the last row's (createdAt, id), so a page stays
    /// stable while articles are added, and a deep page costs what the first does.
    /// </summary>
    public static async Task<ArticleConnection> ConnectionAsync(IQueryable<Article> filtered, int first, Cursor? after, CancellationToken ct)
    {
        var total = await filtered.CountAsync(ct);
        var rest = after is { } c
            ? filtered.Where(a => a.CreatedAt < c.CreatedAt || (a.CreatedAt == c.CreatedAt && a.Id < c.Id))
            : filtered;
        // One row past the page says whether there is a next page.
        var rows = total == 0 ? [] : await Newest(rest).Take(first + 1).SelectNode().ToListAsync(ct);
        var edges = rows.Take(first).Select(n => new ArticleEdge(new Cursor(n.CreatedAt, n.Id).Encode(), n)).ToList();
        var info = new PageInfo(rows.Count > first, after is not null, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor);
        return new ArticleConnection(edges, info, total);
    }

    private static IOrderedQueryable<Article> Newest(IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);

    private static IQueryable<ArticleNode> SelectNode(this IQueryable<Article> articles) =>
        articles.Select(a => new ArticleNode(
            a.Slug, a.Title, a.Description, null, a.TagList, a.CreatedAt, a.UpdatedAt, a.FavoritesCount,
            a.Id, a.AuthorId, null, null));
}

/// <summary>An opaque cursor: base64url of "ticks:id".</summary>
internal readonly record struct Cursor(DateTime CreatedAt, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.Ticks}:{Id}")));

    public static Cursor? Decode(string value)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split(':');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new Cursor(new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
