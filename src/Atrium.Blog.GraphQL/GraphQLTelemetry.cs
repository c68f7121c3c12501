using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Blog.GraphQL;

/// <summary>
/// The GraphQL endpoint's meter and activity source, <c>Atrium.Blog.GraphQL</c>: a span per operation
/// and <c>atrium.graphql.operations</c> by type and outcome — HTTP metrics alone cannot tell, as a
/// failed operation is still a 200.
/// </summary>
public sealed class GraphQLTelemetry
{
    public const string Name = "Atrium.Blog.GraphQL";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _operations;

    public GraphQLTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _operations = meter.CreateCounter<long>("atrium.graphql.operations", "{operation}",
            "GraphQL operations by type (query, mutation) and outcome (ok, error: executed with errors, invalid: refused before execution)");
    }

    /// <summary>Named as the OpenTelemetry GraphQL conventions name spans and attributes.</summary>
    public static Activity? StartOperation(string type, string? name)
    {
        var activity = Activities.StartActivity(name is null ? type : $"{type} {name}");
        activity?.SetTag("graphql.operation.type", type);
        activity?.SetTag("graphql.operation.name", name);
        return activity;
    }

    public void Executed(string type, string outcome) => _operations.Add(1,
        new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));
}
