using System.ComponentModel.DataAnnotations;

namespace Atrium.Blog.GraphQL;

/// <summary><c>Atrium:GraphQL</c>: the limits a query must stay within.</summary>
public sealed class GraphQLOptions
{
    public const string SectionName = "Atrium:GraphQL";

    /// <summary>Deepest selection nesting accepted (introspection as GraphiQL sends it needs 13).</summary>
    [Range(2, 100)]
    public int MaxDepth { get; set; } = 15;

    /// <summary>
    /// Highest estimated cost accepted: each field costs 1; an article page multiplies its fields by
    /// its <c>limit</c>/<c>first</c> (20 when not given), other lists (comments) by 5.
    /// </summary>
    [Range(10, 10_000_000)]
    public int MaxComplexity { get; set; } = 5_000;

    /// <summary>Most mutation fields (writes) one request may hold: the rate limiter counts requests, not writes.</summary>
    [Range(1, 1000)]
    public int MaxMutationsPerRequest { get; set; } = 10;

    /// <summary>Largest POST body read; queries are text, so far below the API's general limit.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Whether GET /graphql with <c>Accept: text/html</c> serves the query page.</summary>
    public bool Page { get; set; } = true;
}
