namespace Atrium.Blog.Data;

public sealed class Article
{
    public long Id { get; init; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public required string Description { get; set; }

    public required string Body { get; set; }

    public Guid AuthorId { get; init; }

    public AccountProfile Author { get; init; } = null!;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The normalized tags (filtering and the tag list endpoint use these rows).</summary>
    public List<ArticleTag> Tags { get; init; } = [];

    /// <summary>
    /// A sorted copy of the tag names kept on the row, written with <see cref="Tags"/> in the same
    /// save, so listing articles needs no join that multiplies rows.
    /// </summary>
    public List<string> TagList { get; set; } = [];

    /// <summary>Maintained in the same transaction as each favorite added or removed.</summary>
    public int FavoritesCount { get; set; }

    public List<Favorite> Favorites { get; init; } = [];
}

public sealed class ArticleTag
{
    public long ArticleId { get; init; }

    public required string Tag { get; init; }
}

public sealed class Favorite
{
    public long ArticleId { get; init; }

    public Guid UserId { get; init; }
}

public sealed class Follow
{
    public Guid FollowerId { get; init; }

    public Guid FolloweeId { get; init; }
}

public sealed class Comment
{
    public long Id { get; init; }

    public long ArticleId { get; init; }

    public Guid AuthorId { get; init; }

    public AccountProfile Author { get; init; } = null!;

    public required string Body { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}
