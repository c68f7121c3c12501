using Atrium.Blog.GraphQL.Schema;
using GraphQL.Execution;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>GraphQL's error shape, with the REST error body under <c>extensions.errors</c> for the handlers' refusals.</summary>
internal sealed class GraphQLErrors : ErrorInfoProvider
{
    public GraphQLErrors() : base(o => o.ExposeExceptionDetails = false)
    {
    }

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
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
