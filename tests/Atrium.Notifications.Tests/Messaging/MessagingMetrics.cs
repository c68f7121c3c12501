using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Atrium.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>Listens to one app's <c>Atrium.Messaging</c> meter (by the app's meter factory, so parallel tests do not mix).</summary>
public sealed class MessagingMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Tag), long> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Tag), long> _last = new();

    public MessagingMetrics(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                if (t.Key is "consumer" or "module")
                {
                    tag = t.Value as string;
                }
            }

            _sums.AddOrUpdate((instrument.Name, tag), value, (_, sum) => sum + value);
            _last[(instrument.Name, tag)] = value;
        });
        _listener.Start();
    }

    /// <summary>The sum a counter reached for one consumer since this listener started.</summary>
    public long Total(string instrument, string consumer) => _sums.GetValueOrDefault((instrument, consumer));

    /// <summary>The outbox backlog gauge of one module context, as observed now.</summary>
    public long Backlog(string module)
    {
        _listener.RecordObservableInstruments();
        return _last.GetValueOrDefault(("atrium.messaging.outbox.backlog", module));
    }

    public void Dispose() => _listener.Dispose();
}
