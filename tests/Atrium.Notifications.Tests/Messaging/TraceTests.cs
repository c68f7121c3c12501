using System.Collections.Concurrent;
using System.Diagnostics;
using Atrium.Testing;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>The trace of the request that wrote an event continues in the consumer, across outbox and bus.</summary>
public sealed class TraceTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_consumer_runs_in_the_trace_of_the_request_that_caused_the_event()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var consumed = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "MassTransit" or "Atrium.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == traceId && a.Kind == ActivityKind.Consumer)
                {
                    consumed.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var celeb = await app.RegisterAsync("celeb");
        var fan = await app.RegisterAsync("fan");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/profiles/{celeb.Username}/follow");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.True((await fan.Client().SendAsync(request)).IsSuccessStatusCode);

        await Eventually.TrueAsync(() => Task.FromResult(!consumed.IsEmpty), $"a consume activity in trace {traceId}");
        await celeb.Client().WaitForNotificationsAsync(1);
    }
}
