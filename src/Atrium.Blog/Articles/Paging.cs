namespace Atrium.Blog.Articles;

/// <summary><c>limit</c> and <c>offset</c> query parameters, checked.</summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static (Paging? Paging, ValidationFailed? Error) From(int? limit, int? offset)
    {
        var errors = ValidationFailed.From(
            ("limit", limit is < 1 or > MaxLimit ? $"must be between 1 and {MaxLimit}" : null),
            ("offset", offset is < 0 ? "must be 0 or more" : null));
        return errors is null ? (new Paging(limit ?? DefaultLimit, offset ?? 0), null) : (null, errors);
    }
}
