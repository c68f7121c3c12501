using Atrium.Platform.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Platform.Hosting;

internal static class OptionalSchemaTransformer
{
    /// <summary>Describes <see cref="Optional{T}"/> as the value it wraps: on the wire it is just that value or null.</summary>
    public static OpenApiOptions AddOptionalSchemaTransformer(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
            {
                schema.Properties?.Clear();
                schema.Required?.Clear();
                schema.Type = type.GetGenericArguments()[0] == typeof(string)
                    ? JsonSchemaType.String | JsonSchemaType.Null
                    : JsonSchemaType.Array | JsonSchemaType.Null;
            }

            return Task.CompletedTask;
        });
}
