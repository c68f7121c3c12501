using Atrium.Platform.Caching;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Blog.Articles;

public sealed record CreateArticleRequest(CreateArticleFields? Article);

public sealed record CreateArticleFields(string? Title, string? Description, string? Body, string?[]? TagList);

public static class CreateArticle
{
    private const int SlugAttempts = 5;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/articles", HandleAsync).WithName(nameof(CreateArticle))
            .InvalidatesCacheOnFailure(BlogCache.WriteFailed);

    public static async Task<Results<Created<ArticleEnvelope>, ValidationFailed>> HandleAsync(
        CreateArticleRequest request, BlogDbContext db, CurrentUser caller, TimeProvider clock, AtriumCache cache,
        BlogTelemetry telemetry, CancellationToken ct)
    {
        using var activity = BlogTelemetry.StartWrite("article");
        if (request.Article is not { } fields)
        {
            return new ValidationFailed("article", "is missing");
        }

        var (tags, tagError) = ArticleRules.NormalizeTags(fields.TagList);
        var invalid = ValidationFailed.From(
            ("title", ArticleRules.CheckText(fields.Title, ArticleRules.MaxTitleLength)),
            ("description", ArticleRules.CheckText(fields.Description, ArticleRules.MaxDescriptionLength)),
            ("body", ArticleRules.CheckText(fields.Body, ArticleRules.MaxBodyLength)),
            ("tagList", tagError));
        if (invalid is not null)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var slug = await ArticleQueries.AvailableSlugAsync(db, fields.Title!, exceptArticleId: null, ct);

        for (var attempt = 1; ; attempt++)
        {
            var article = new Article
            {
                Slug = slug,
                Title = fields.Title!.Trim(),
                Description = fields.Description!,
                Body = fields.Body!,
                AuthorId = caller.RequiredId,
                CreatedAt = now,
                UpdatedAt = now,
                Tags = [.. tags!.Select(t => new ArticleTag { Tag = t })],
                TagList = [.. tags!],
            };
            db.Articles.Add(article);
            try
            {
                await db.SaveChangesWithEventAsync(() => new ArticlePublished(article.Id, article.Slug, article.Title, article.AuthorId), ct);
                await cache.InvalidateAsync(BlogCache.ArticleWrite(article.Slug));
                telemetry.Wrote("article");
                var created = await ArticleQueries.FindArticleAsync(db, article.Id, caller.Id, ct);
                return TypedResults.Created($"/api/articles/{Uri.EscapeDataString(article.Slug)}", new ArticleEnvelope(created!));
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e) && attempt < SlugAttempts)
            {
                // Another article took this slug between the check and the insert.
                db.ChangeTracker.Clear();
                slug = Slugs.WithSuffix(Slugs.FromTitle(fields.Title!));
            }
        }
    }
}
