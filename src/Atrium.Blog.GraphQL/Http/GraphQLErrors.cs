using System.Diagnostics;
using Atrium.Blog.GraphQL.Schema;
using GraphQL.Execution;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>
/// GraphQL's error shape, with the REST error body under <c>extensions.errors</c> for the handlers'
/// refusals. A bug shows no internals (not even the exception's type), only the trace id its log entry
/// carries, as the REST API's ProblemDetails does.
/// </summary>
internal sealed class GraphQLErrors : ErrorInfoProvider
{
    public GraphQLErrors() : base(o => o.ExposeExceptionDetails = false)
    {
    }

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        if (executionError is UnhandledError)
        {
            return new ErrorInfo
            {
                Message = "An unexpected error occurred.",
                Extensions = new Dictionary<string, object?>
                {
                    ["code"] = "INTERNAL_ERROR",
                    ["traceId"] = Activity.Current?.Id,
                },
            };
        }

        var info = base.GetInfo(executionError);
        if (executionError is ApiExecutionError refusal)
        {
            info.Extensions ??= new Dictionary<string, object?>();
            info.Extensions["status"] = refusal.Status;
            info.Extensions["errors"] = refusal.Body.Errors;
        }

        return info;
    }
}
