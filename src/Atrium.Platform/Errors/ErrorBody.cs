namespace Atrium.Platform.Errors;

/// <summary>
/// The API's error shape, RealWorld's: <c>{"errors":{"field":["message"]}}</c>. Every 4xx the
/// platform and its REST modules answer has this body.
/// </summary>
public sealed record ErrorBody(IReadOnlyDictionary<string, string[]> Errors)
{
    public static ErrorBody For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
