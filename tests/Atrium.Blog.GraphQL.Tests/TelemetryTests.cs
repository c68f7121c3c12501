using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Testing;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>Operations are counted by type and outcome and traced, since a failed operation is still an HTTP 200.</summary>
public sealed class TelemetryTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Operations_are_counted_by_type_and_outcome_and_get_a_span()
    {
        var counted = new ConcurrentBag<string>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GraphQLTelemetry.Name && instrument.Name == "atrium.graphql.operations")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => (string?)t.Value);
            counted.Add($"{values["type"]}/{values["outcome"]}");
        });
        meters.Start();
        var spans = new ConcurrentBag<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GraphQLTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Add(activity.DisplayName),
        };
        ActivitySource.AddActivityListener(activities);

        var client = app.CreateClient();
        await client.DataAsync("query Tags { tags }");
        await client.ErrorAsync("mutation { deleteArticle(slug: \"x\") }");
        await client.ErrorAsync("{ noSuchField }");

        Assert.Contains("query/ok", counted);
        Assert.Contains("mutation/error", counted);
        Assert.Contains("query/invalid", counted);
        Assert.Contains("query Tags", spans);
    }
}
