using System.Text.Json;
using System.Text.Json.Serialization;

namespace Atrium.Platform.Json;

/// <summary>
/// A JSON property that may be absent, present as null, or present with a value. PATCH-like
/// updates need the difference: an absent field is kept, an explicit null clears or is rejected.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly record struct Optional<T>(bool IsPresent, T? Value);

public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var valueType = typeToConvert.GetGenericArguments()[0];
        if (valueType == typeof(string))
        {
            return new OptionalJsonConverter<string>();
        }

        if (valueType == typeof(string[]))
        {
            return new OptionalJsonConverter<string[]>();
        }

        throw new NotSupportedException($"Optional<{valueType.Name}> has no converter.");
    }
}

public sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
{
    // Called only when the property is present, so presence is known here.
    public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return new Optional<T>(true, default);
        }

        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        return new Optional<T>(true, JsonSerializer.Deserialize(ref reader, info));
    }

    public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        JsonSerializer.Serialize(writer, value.Value!, info);
    }

    public override bool HandleNull => true;
}
