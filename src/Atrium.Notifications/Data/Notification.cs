namespace Atrium.Notifications.Data;

/// <summary>
/// Something that happened to a user's account or articles. The actor's name and the article's
/// slug are copied from the event that caused it: this module never reads the blog's tables.
/// </summary>
public sealed class Notification
{
    public const int MaxTypeLength = 20;
    public const int MaxUsernameLength = 100;
    public const int MaxSlugLength = 400;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid RecipientId { get; init; }

    /// <summary>One of <see cref="NotificationTypes"/>.</summary>
    public required string Type { get; init; }

    public Guid ActorId { get; init; }

    public required string ActorUsername { get; init; }

    public string? ArticleSlug { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? ReadAt { get; set; }
}

public static class NotificationTypes
{
    public const string Follow = "follow";
    public const string Comment = "comment";
    public const string Favorite = "favorite";

    public static string Message(string type, string actor) => type switch
    {
        Follow => $"{actor} started following you",
        Comment => $"{actor} commented on your article",
        Favorite => $"{actor} favorited your article",
        _ => $"{actor} did something",
    };
}
