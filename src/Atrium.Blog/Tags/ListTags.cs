namespace Atrium.Blog.Tags;

public sealed record TagsEnvelope(IReadOnlyList<string> Tags);

public static class ListTags
{
    public const int MaxTags = 1000;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/tags", HandleAsync).WithName(nameof(ListTags)).AllowAnonymous();

    /// <summary>Tags in use, most used first (front ends show them as "popular tags").</summary>
    public static async Task<Ok<TagsEnvelope>> HandleAsync(BlogDbContext db, CancellationToken ct)
    {
        var tags = await db.ArticleTags.AsNoTracking()
            .GroupBy(t => t.Tag)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Take(MaxTags)
            .Select(g => g.Key)
            .ToListAsync(ct);
        return TypedResults.Ok(new TagsEnvelope(tags));
    }
}
