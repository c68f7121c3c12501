using GraphQLParser.AST;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// The built-in String scalar, refusing input no database can store or compare (NUL, broken
/// surrogate pairs) while the request is validated — what the platform's query-string guard does
/// for REST — so such a value never reaches a query as an argument or variable.
/// </summary>
internal sealed class StorableStringGraphType : StringGraphType
{
    public StorableStringGraphType()
    {
        Name = "String";
    }

    public override object? ParseLiteral(GraphQLValue value) => Checked(base.ParseLiteral(value));

    public override object? ParseValue(object? value) => Checked(base.ParseValue(value));

    private static object? Checked(object? value) =>
        value is string text && !StorableText.IsStorable(text) ? throw new FormatException($"The string {StorableText.Problem}.") : value;
}
