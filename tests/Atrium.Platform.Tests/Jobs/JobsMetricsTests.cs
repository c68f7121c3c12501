using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Atrium.Platform.Jobs;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>The Atrium.Jobs meter, read the way an exporter reads it: through a MeterListener.</summary>
public abstract class JobsMetricsTests(JobsApp app)
{
    [Fact]
    public async Task Failures_retries_dead_jobs_durations_queue_depth_and_workers_are_measured()
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other hosts in the test process have their own.
            if (instrument.Meter.Name == JobsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => measured.AddOrUpdate(i.Name, value, (_, v) => v + value));
        listener.SetMeasurementEventCallback<int>((i, value, _, _) => measured[i.Name] = value);
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => measured.AddOrUpdate(i.Name, 1, (_, v) => v + 1));
        listener.Start();

        var owner = await app.RegisterAsync();
        var id = await app.EnqueueAsync<FailingJob, FailingArgs>(new FailingArgs(Failures: 10), JobsApp.UserId(owner));
        await JobsApp.WaitForJobAsync(owner.Client(), id, j => (string?)j["status"] == "dead");

        await JobsApp.EventuallyAsync(() => Task.FromResult(measured.GetValueOrDefault("atrium.jobs.dead") >= 1), "the dead counter");
        Assert.True(measured.GetValueOrDefault("atrium.jobs.failures") >= 3);
        Assert.True(measured.GetValueOrDefault("atrium.jobs.retries") >= 2);
        Assert.True(measured.GetValueOrDefault("atrium.jobs.duration") >= 1);

        await JobsApp.EventuallyAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(measured.GetValueOrDefault("atrium.jobs.workers") >= 1);
        }, "a live worker on the workers gauge");
        Assert.True(measured.ContainsKey("atrium.jobs.queue.depth"));
    }
}

public sealed class JobsMetricsTests_Sqlite(JobsSqliteApp app) : JobsMetricsTests(app), IClassFixture<JobsSqliteApp>;

public sealed class JobsMetricsTests_Postgres(JobsPostgresApp app) : JobsMetricsTests(app), IClassFixture<JobsPostgresApp>;
