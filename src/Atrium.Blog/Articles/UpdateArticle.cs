using Atrium.Platform.Caching;
using Atrium.Platform.Json;

namespace Atrium.Blog.Articles;

public sealed record UpdateArticleRequest(UpdateArticleFields? Article);

/// <summary>Absent fields are kept; <c>tagList: []</c> clears the tags and <c>tagList: null</c> is refused.</summary>
public sealed record UpdateArticleFields(
    Optional<string> Title, Optional<string> Description, Optional<string> Body, Optional<string[]> TagList);

public static class UpdateArticle
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/articles/{slug}", HandleAsync).WithName(nameof(UpdateArticle))
            .InvalidatesCacheOnFailure(BlogCache.WriteFailed);

    public static async Task<Results<Ok<ArticleEnvelope>, ValidationFailed, NotFoundError, ForbiddenError>> HandleAsync(
        string slug, UpdateArticleRequest request, BlogDbContext db, CurrentUser caller, TimeProvider clock, AtriumCache cache,
        CancellationToken ct)
    {
        if (request.Article is not { } fields)
        {
            return new ValidationFailed("article", "is missing");
        }

        var (tags, tagError) = fields.TagList switch
        {
            { IsPresent: false } => (null, null),
            { Value: null } => (null, "must be an array (use [] to remove all tags)"),
            { Value: var list } => ArticleRules.NormalizeTags(list),
        };
        var invalid = ValidationFailed.From(
            ("title", fields.Title.IsPresent ? ArticleRules.CheckText(fields.Title.Value, ArticleRules.MaxTitleLength) : null),
            ("description", fields.Description.IsPresent ? ArticleRules.CheckText(fields.Description.Value, ArticleRules.MaxDescriptionLength) : null),
            ("body", fields.Body.IsPresent ? ArticleRules.CheckText(fields.Body.Value, ArticleRules.MaxBodyLength) : null),
            ("tagList", tagError));
        if (invalid is not null)
        {
            return invalid;
        }

        var article = await db.Articles.Include(a => a.Tags).FirstOrDefaultAsync(a => a.Slug == slug, ct);
        if (article is null)
        {
            return new NotFoundError("article");
        }

        if (article.AuthorId != caller.RequiredId)
        {
            return new ForbiddenError("article");
        }

        var newTitle = fields.Title.IsPresent ? fields.Title.Value!.Trim() : null;
        if (newTitle is not null && newTitle != article.Title)
        {
            article.Title = newTitle;
            article.Slug = await ArticleQueries.AvailableSlugAsync(db, newTitle, article.Id, ct);
        }

        if (fields.Description.IsPresent)
        {
            article.Description = fields.Description.Value!;
        }

        if (fields.Body.IsPresent)
        {
            article.Body = fields.Body.Value!;
        }

        if (tags is not null)
        {
            ReplaceTags(article, tags);
        }

        article.UpdatedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by its author while this update was in flight.
            return new NotFoundError("article");
        }
        catch (DbUpdateException e) when (ForeignKeyViolation.Is(e))
        {
            // The same, noticed first by a new tag row pointing at the deleted article.
            return new NotFoundError("article");
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return new ValidationFailed("title", "produces a slug that was just taken; try again");
        }

        // The old slug (renamed away: now a 404) and the new one.
        await cache.InvalidateAsync(BlogCache.ArticleWrite(slug, article.Slug));
        var updated = await ArticleQueries.FindArticleAsync(db, article.Id, caller.Id, ct);
        return TypedResults.Ok(new ArticleEnvelope(updated!));
    }

    private static void ReplaceTags(Article article, string[] tags)
    {
        article.Tags.RemoveAll(t => !tags.Contains(t.Tag, StringComparer.Ordinal));
        foreach (var tag in tags.Where(t => !article.Tags.Exists(existing => existing.Tag == t)))
        {
            article.Tags.Add(new ArticleTag { ArticleId = article.Id, Tag = tag });
        }

        article.TagList = [.. tags];
    }
}
