using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Atrium.Platform.Caching;

/// <summary>
/// Cache entries are serialized with the API's own JSON options, whose resolver chain holds every
/// module's source-generated context: a type a module caches must be in that module's context.
/// </summary>
internal sealed class JsonCacheSerializerFactory(IOptions<JsonOptions> json) : IHybridCacheSerializerFactory
{
    public bool TryCreateSerializer<T>([NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        try
        {
            serializer = new JsonCacheSerializer<T>((JsonTypeInfo<T>)json.Value.SerializerOptions.GetTypeInfo(typeof(T)));
            return true;
        }
        catch (NotSupportedException e)
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name} is cached but is not in any JsonSerializerContext; add it to its module's context.", e);
        }
    }
}

internal sealed class JsonCacheSerializer<T>(JsonTypeInfo<T> typeInfo) : IHybridCacheSerializer<T>
{
    public T Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize(ref reader, typeInfo)!;
    }

    public void Serialize(T value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, value, typeInfo);
    }
}
