using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Service;

/// <summary>The <c>Atrium.Images</c> meter: phases, cache hits and misses, rejections, bytes, queue depth.</summary>
public sealed class ImagesMetricsTests(ImagesSqliteApp app) : IClassFixture<ImagesSqliteApp>
{
    [Fact]
    public async Task Requests_record_phases_cache_results_rejections_and_bytes()
    {
        using var metrics = new Listener(app.Services);
        var user = await app.RegisterAsync();
        var id = ((string)(await user.UploadImageAsync(TestImages.Jpeg(200, 100)))["id"]!).Replace("-", "", StringComparison.Ordinal);
        await user.Client().UploadAsync(Encoding.ASCII.GetBytes("%PDF-1.7 not an image at all"));
        var url = app.Url("rs:fit:50:50", id, "png");
        var first = await (await app.CreateClient().GetAsync(url)).Content.ReadAsByteArrayAsync();
        await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.CreateClient().GetAsync(app.Url("bl:999", id, "png"))).StatusCode);

        Assert.Equal(1, metrics.Sum("atrium.images.processed"));
        Assert.Equal(1, metrics.Sum("atrium.images.cache.lookups", "result", "hit"));
        Assert.Equal(1, metrics.Sum("atrium.images.cache.lookups", "result", "miss"));
        Assert.Equal(1, metrics.Sum("atrium.images.rejected", "reason", "type"));
        Assert.Equal(1, metrics.Sum("atrium.images.rejected", "reason", "limits"));
        Assert.Equal(2 * first.Length, metrics.Sum("atrium.images.bytes.out"));
        Assert.True(metrics.Sum("atrium.images.bytes.in") > 0);
        Assert.Equal(1, metrics.Count("atrium.images.duration", "phase", "process"));
        Assert.Equal(1, metrics.Count("atrium.images.duration", "phase", "request_miss"));
        Assert.Equal(1, metrics.Count("atrium.images.duration", "phase", "request_hit"));
        Assert.Equal(1, metrics.Count("atrium.images.duration", "phase", "upload_check"));
        Assert.Equal(0, metrics.Gauge("atrium.images.queue.depth"));
    }

    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentBag<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = [];

        public Listener(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ImagesTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
            _listener.Start();
        }

        public double Sum(string name, string? tag = null, string? value = null) => Matching(name, tag, value).Sum(m => m.Value);

        public int Count(string name, string tag, string value) => Matching(name, tag, value).Count();

        public double Gauge(string name)
        {
            _listener.RecordObservableInstruments();
            return _measurements.Where(m => m.Name == name).Select(m => m.Value).LastOrDefault();
        }

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Name, double Value, Dictionary<string, object?> Tags)> Matching(string name, string? tag, string? value) =>
            _measurements.Where(m => m.Name == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)));

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
