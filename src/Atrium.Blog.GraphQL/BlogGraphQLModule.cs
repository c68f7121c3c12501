using Atrium.Blog.GraphQL.Http;
using Atrium.Blog.GraphQL.Loading;
using Atrium.Blog.GraphQL.Schema;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Blog.GraphQL;

/// <summary>GraphQL over the blog at <c>/graphql</c>: a second front door onto the same handlers as REST.</summary>
public static partial class BlogGraphQLModule
{
    public static IHostApplicationBuilder AddBlogGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphQLOptions>().BindConfiguration(GraphQLOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<BlogLoaders>();
        builder.Services.AddSingleton<GraphQLTelemetry>();
        builder.Services.AddClientErrorShape(GraphQLEndpoint.ClientErrors);
        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<BlogSchema>()
            .AddGraphTypes(typeof(BlogSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<GraphQLErrors>()
            .AddValidationRule<MutationFieldLimit>()
            // One DbContext per request is not thread-safe: fields resolve one after another, the
            // loaders still batch each level.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddComplexityAnalyzer((complexity, services) =>
            {
                var options = services.GetRequiredService<IOptions<GraphQLOptions>>().Value;
                complexity.MaxDepth = options.MaxDepth;
                complexity.MaxComplexity = options.MaxComplexity;
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.Context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(BlogGraphQLModule));
                if (logger is not null)
                {
                    LogUnhandled(logger, context.OriginalException, context.Context?.Operation?.Name?.StringValue ?? "(anonymous)",
                        System.Diagnostics.Activity.Current?.Id);
                }
            }));
        return builder;
    }

    public static IEndpointRouteBuilder MapBlogGraphQL(this IEndpointRouteBuilder endpoints)
    {
        GraphQLEndpoint.Map(endpoints, endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLOptions>>().Value);
        return endpoints;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL operation {Operation} failed (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string operation, string? traceId);
}
