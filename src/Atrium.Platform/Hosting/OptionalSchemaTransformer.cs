using Atrium.Platform.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Platform.Hosting;

internal static class OptionalSchemaTransformer
{
    /// <summary>
    /// Describes <see cref="Optional{T}"/> as the value it wraps (on the wire it is just that value
    /// or null) and never as required: absence is its whole point.
    /// </summary>
    public static OpenApiOptions AddOptionalSchemaTransformer(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (IsOptional(type))
            {
                schema.Properties?.Clear();
                schema.Required?.Clear();
                schema.Type = type.GetGenericArguments()[0] == typeof(string)
                    ? JsonSchemaType.String | JsonSchemaType.Null
                    : JsonSchemaType.Array | JsonSchemaType.Null;
                if (schema.Type.Value.HasFlag(JsonSchemaType.Array))
                {
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                }

                return Task.CompletedTask;
            }

            foreach (var property in context.JsonTypeInfo.Properties.Where(p => IsOptional(p.PropertyType)))
            {
                schema.Required?.Remove(property.Name);
            }

            return Task.CompletedTask;
        });

    private static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);
}
