using System.ComponentModel;
using Atrium.Platform.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Tags;

[ImmutableObject(true)]
public sealed record TagsEnvelope(IReadOnlyList<string> Tags);

public static class ListTags
{
    public const int MaxTags = 1000;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/tags", HandleAsync).WithName(nameof(ListTags)).AllowAnonymous();

    /// <summary>Tags in use, most used first (front ends show them as "popular tags").</summary>
    public static async Task<Ok<TagsEnvelope>> HandleAsync(AtriumCache cache, CancellationToken ct)
    {
        var tags = await cache.GetOrCreateAsync(
            BlogCache.TagList, [BlogCache.TagList],
            async (services, token) => new TagsEnvelope(await QueryAsync(services.GetRequiredService<BlogDbContext>(), token)),
            ct);
        return TypedResults.Ok(tags!);
    }

    private static Task<List<string>> QueryAsync(BlogDbContext db, CancellationToken ct) =>
        db.ArticleTags.AsNoTracking()
            .GroupBy(t => t.Tag)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Take(MaxTags)
            .Select(g => g.Key)
            .ToListAsync(ct);
}
