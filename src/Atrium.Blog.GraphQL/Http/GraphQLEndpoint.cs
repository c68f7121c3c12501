using System.Text.Json;
using Atrium.Blog.GraphQL.Schema;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with a JSON body, GET with query parameters
/// (queries only: a mutation over GET is a 405, so a link or a prefetch never writes). Answers
/// <c>application/graphql-response+json</c> when the client accepts it — a request that never
/// executed (syntax, validation) is then a 400 — else <c>application/json</c>, always 200 once the request is well-formed.
/// </summary>
internal static class GraphQLEndpoint
{
    public const string Path = "/graphql";
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    public static void Map(IEndpointRouteBuilder endpoints, GraphQLOptions options)
    {
        // Not in the OpenAPI document: GraphQL describes itself (introspection).
        endpoints.MapPost(Path, PostAsync).WithName("GraphQL").ExcludeFromDescription()
            .WithMetadata(new BodyLimit(options.MaxRequestBodyBytes)).RequireScope(TokenScopes.Blog);
        endpoints.MapGet(Path, GetAsync).WithName("GraphQLGet").ExcludeFromDescription().RequireScope(TokenScopes.Blog);
    }

    private static async Task PostAsync(HttpContext context, IGraphQLTextSerializer serializer)
    {
        if (Negotiate(context) is not { } responseType)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, Json, "Accept must allow application/graphql-response+json or application/json.");
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, responseType, "The body must be application/json.");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(context.Request.Body, context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, responseType, "The body is not a GraphQL request: expected {\"query\": \"...\"} in JSON.");
            return;
        }

        await ExecuteAsync(context, serializer, request, responseType, allowMutations: true);
    }

    private static async Task GetAsync(HttpContext context, IGraphQLTextSerializer serializer, IOptions<GraphQLOptions> options)
    {
        var query = context.Request.Query;
        if (WantsPage(context.Request) && options.Value.Page)
        {
            await GraphQLPage.WriteAsync(context);
            return;
        }

        if (Negotiate(context) is not { } responseType)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, Json, "Accept must allow application/graphql-response+json or application/json.");
            return;
        }

        Inputs? variables = null;
        Inputs? extensions = null;
        try
        {
            variables = Single(query["variables"]) is { Length: > 0 } v ? serializer.Deserialize<Inputs>(v) : null;
            extensions = Single(query["extensions"]) is { Length: > 0 } e ? serializer.Deserialize<Inputs>(e) : null;
        }
        catch (JsonException)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, responseType, "variables and extensions must be JSON objects.");
            return;
        }

        var request = new GraphQLRequest
        {
            Query = Single(query["query"]),
            OperationName = Single(query["operationName"]),
            Variables = variables,
            Extensions = extensions,
        };
        await ExecuteAsync(context, serializer, request, responseType, allowMutations: false);
    }

    private static async Task ExecuteAsync(
        HttpContext context, IGraphQLTextSerializer serializer, GraphQLRequest? request, string responseType, bool allowMutations)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, responseType, "The request has no query.");
            return;
        }

        // Parsed here once: the operation's type decides GET's 405 before anything runs.
        var document = TryParse(request.Query);
        var operation = document is null ? null : OperationOf(document, request.OperationName);
        if (!allowMutations && operation is not null && operation.Operation != OperationType.Query)
        {
            context.Response.Headers.Allow = "POST";
            await WriteRequestErrorAsync(context, StatusCodes.Status405MethodNotAllowed, responseType, "Only queries may be sent with GET; send mutations with POST.");
            return;
        }

        var type = operation?.Operation.ToString().ToLowerInvariant() ?? "unknown";
        using var activity = GraphQLTelemetry.StartOperation(type, operation?.Name?.StringValue ?? request.OperationName);
        var executer = context.RequestServices.GetRequiredService<IDocumentExecuter<BlogSchema>>();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
            CancellationToken = context.RequestAborted,
        });
        var outcome = !result.Executed ? "invalid" : result.Errors is { Count: > 0 } ? "error" : "ok";
        activity?.SetTag("graphql.outcome", outcome);
        context.RequestServices.GetRequiredService<GraphQLTelemetry>().Executed(type, outcome);

        context.Response.StatusCode = responseType == GraphQLResponse && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        context.Response.ContentType = responseType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    /// <summary>
    /// The client errors the platform detects on <c>/graphql</c> before this endpoint runs (a body over
    /// the limit, NUL in the query string) in GraphQL's shape too.
    /// </summary>
    internal static ClientErrorShape ClientErrors { get; } = new("/graphql", (context, status, body) =>
        WriteRequestErrorAsync(context, status, Negotiate(context) ?? Json, $"The {ClientErrorShape.Describe(body)}."));

    /// <summary>A request refused before execution, still in GraphQL's shape: <c>{"errors":[{"message":...}]}</c>.</summary>
    private static async Task WriteRequestErrorAsync(HttpContext context, int status, string responseType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = responseType + "; charset=utf-8";
        var serializer = context.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        await serializer.WriteAsync(context.Response.Body, new ExecutionResult { Errors = [new ExecutionError(message)] }, context.RequestAborted);
    }

    /// <summary>
    /// The spec's negotiation: graphql-response+json when accepted, else application/json (also when
    /// Accept is absent, for older clients); null when the client accepts neither.
    /// </summary>
    internal static string? Negotiate(HttpContext context)
    {
        var accept = context.Request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return Json;
        }

        var accepted = types.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1).ToList();
        foreach (var type in accepted)
        {
            if (type.MediaType.Equals(GraphQLResponse, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLResponse;
            }

            if (type.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return Json;
            }
        }

        return null;
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.Query.ContainsKey("query")
        && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types)
        && types.Any(t => t.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static GraphQLDocument? TryParse(string query)
    {
        try
        {
            return GraphQLParser.Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            // Parsed again by the executer, which reports the error with its location.
            return null;
        }
    }

    private static GraphQLOperationDefinition? OperationOf(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var chosen = operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return chosen;
    }

    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
