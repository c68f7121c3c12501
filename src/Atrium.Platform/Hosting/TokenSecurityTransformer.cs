using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atrium.Platform.Hosting;

internal static class TokenSecurityTransformer
{
    private const string SchemeName = "Token";

    /// <summary>Documents the token scheme and, on every endpoint that needs it, the 401 it answers without one.</summary>
    public static OpenApiOptions AddTokenSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "A JWT from /api/users or /api/users/login, sent as `Token <jwt>` (RealWorld) or `Bearer <jwt>`.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var required = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            if (!required)
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            var schema = await context.GetOrCreateSchemaAsync(typeof(ErrorBody), cancellationToken: ct);
            operation.Responses["401"] = new OpenApiResponse
            {
                Description = "Unauthorized: the token is missing or invalid.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
        return options;
    }
}
