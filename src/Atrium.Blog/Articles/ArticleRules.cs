namespace Atrium.Blog.Articles;

/// <summary>What an article's fields may hold.</summary>
public static class ArticleRules
{
    public const int MaxTitleLength = 256;
    public const int MaxSlugLength = 300;
    public const int MaxDescriptionLength = 1024;
    public const int MaxBodyLength = 100_000;
    public const int MaxTagLength = 64;
    public const int MaxTags = 20;
    public const int MaxCommentLength = 10_000;

    public static string? CheckText(string? value, int maxLength) => value switch
    {
        null => "can't be blank",
        _ when string.IsNullOrWhiteSpace(value) => "can't be blank",
        { Length: var n } when n > maxLength => $"is too long (maximum is {maxLength} characters)",
        _ when !StorableText.IsStorable(value) => StorableText.Problem,
        _ => null,
    };

    /// <summary>Tags are trimmed, de-duplicated and kept in ordinal order (the API returns tagList sorted).</summary>
    public static (string[]? Tags, string? Error) NormalizeTags(string?[]? tags)
    {
        if (tags is null)
        {
            return ([], null);
        }

        if (tags.Any(string.IsNullOrWhiteSpace))
        {
            return (null, "can't contain blank tags");
        }

        if (!tags.All(StorableText.IsStorable))
        {
            return (null, StorableText.Problem);
        }

        var normalized = tags.Select(t => t!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (normalized.Any(t => t.Length > MaxTagLength))
        {
            return (null, $"can't contain tags longer than {MaxTagLength} characters");
        }

        return normalized.Length > MaxTags ? (null, $"can't have more than {MaxTags} tags") : (normalized, null);
    }

}
