namespace Atrium.Todo.Data;

/// <summary>
/// A list of todos. Owned by an account, or a guest list (no owner) reachable only through its
/// capability URL: its secret is never stored, only <see cref="TokenHash"/>, so neither a database
/// leak nor the timing of an index lookup reveals a usable URL.
/// </summary>
public sealed class TodoList
{
    public const int MaxTitleLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid? OwnerId { get; set; }

    /// <summary>SHA-256 of a guest list's capability id; cleared when an account claims the list.</summary>
    public string? TokenHash { get; set; }

    public required string Title { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Last use, to within <see cref="TodoOptions.TouchInterval"/>: guest lists untouched for long expire.</summary>
    public DateTime TouchedAt { get; set; }

    public List<TodoItem> Items { get; } = [];
}
