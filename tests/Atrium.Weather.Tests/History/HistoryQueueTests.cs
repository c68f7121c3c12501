using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.History;

public sealed class TinyHistoryQueueApp : WeatherSqliteApp
{
    public TinyHistoryQueueApp()
    {
        Settings["Atrium:Weather:HistoryQueueCapacity"] = "1";
        // The writer waits this long before draining, so the one-entry queue stays full meanwhile.
        Settings["Atrium:Weather:HistoryFlushInterval"] = "00:00:10";
    }
}

/// <summary>A full history queue drops and counts new entries; the responses never wait for it.</summary>
public sealed class HistoryQueueTests(TinyHistoryQueueApp app) : IClassFixture<TinyHistoryQueueApp>
{
    [Fact]
    public async Task When_the_queue_is_full_entries_are_dropped_and_counted_and_requests_still_succeed()
    {
        var dropped = new ConcurrentBag<long>();
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "atrium.weather.history.dropped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, _, _) => dropped.Add(value));
        meters.Start();

        var (lat, lon) = WeatherApi.UniquePlace();
        var client = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            var response = await client.GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(dropped.Sum() >= 8, $"dropped {dropped.Sum()}");
    }
}
