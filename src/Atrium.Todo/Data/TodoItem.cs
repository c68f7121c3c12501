namespace Atrium.Todo.Data;

/// <summary>One todo. Its id is a database sequence: lists read in creation order, and concurrent inserts never clash.</summary>
public sealed class TodoItem
{
    public const int MaxTitleLength = 1000;

    public long Id { get; init; }

    public Guid ListId { get; init; }

    public required string Title { get; set; }

    public bool Completed { get; set; }

    /// <summary>The client's own ordering number (Todo-Backend's <c>order</c>), stored as given.</summary>
    public int? Order { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}
