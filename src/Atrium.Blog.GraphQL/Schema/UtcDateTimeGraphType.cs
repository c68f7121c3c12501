using System.Globalization;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// The built-in DateTime scalar, written as REST writes timestamps (ISO 8601 UTC, always three
/// fractional digits), so the two APIs answer byte-identical values.
/// </summary>
internal sealed class UtcDateTimeGraphType : DateTimeGraphType
{
    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
    }

    public override object? Serialize(object? value) => value is DateTime time
        ? (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : base.Serialize(value);
}
