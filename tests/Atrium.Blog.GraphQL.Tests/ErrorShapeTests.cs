using Atrium.Blog.GraphQL.Http;
using Atrium.Blog.GraphQL.Schema;
using Atrium.Platform.Errors;
using GraphQL.Execution;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>What an error tells the client: the REST refusal in full, a bug nothing but a trace id.</summary>
public sealed class ErrorShapeTests
{
    [Fact]
    public void A_bug_shows_no_message_type_or_stack()
    {
        var info = new GraphQLErrors().GetInfo(new UnhandledError("Error trying to resolve field 'x'.", new InvalidOperationException("secret detail")));
        Assert.Equal("An unexpected error occurred.", info.Message);
        Assert.Equal("INTERNAL_ERROR", info.Extensions!["code"]);
        Assert.DoesNotContain(info.Extensions, e => e.Value is string s && s.Contains("secret", StringComparison.Ordinal));
        Assert.False(info.Extensions.ContainsKey("details"));
    }

    [Fact]
    public void A_refusal_carries_code_status_and_the_REST_error_body()
    {
        var info = new GraphQLErrors().GetInfo(new ApiExecutionError(new NotFoundError("article")));
        Assert.Equal("article not found", info.Message);
        Assert.Equal("NOT_FOUND", info.Extensions!["code"]);
        Assert.Equal(404, info.Extensions["status"]);
        Assert.Equal(["not found"], ((IReadOnlyDictionary<string, string[]>)info.Extensions["errors"]!)["article"]);
    }
}
