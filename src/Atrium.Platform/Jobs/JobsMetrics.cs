using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Platform.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Jobs;

/// <summary>The <c>Atrium.Jobs</c> meter: queue depth, live workers, durations, failures, retries, dead jobs.</summary>
public sealed class JobsMetrics
{
    public const string MeterName = "Atrium.Jobs";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _dead;
    private readonly Counter<long> _completed;

    public JobsMetrics(IMeterFactory meterFactory, IServiceScopeFactory scopes, IOptions<JobsOptions> options, TimeProvider clock)
    {
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>("atrium.jobs.duration", "s", "How long job attempts ran");
        _failures = meter.CreateCounter<long>("atrium.jobs.failures", "{attempt}", "Job attempts that threw");
        _retries = meter.CreateCounter<long>("atrium.jobs.retries", "{attempt}", "Retries scheduled after a failure");
        _dead = meter.CreateCounter<long>("atrium.jobs.dead", "{job}", "Jobs that failed their last attempt");
        _completed = meter.CreateCounter<long>("atrium.jobs.completed", "{job}", "Jobs that finished, by outcome");
        // Read from the database: the queue is shared by every replica, so no process counts it alone.
        meter.CreateObservableGauge("atrium.jobs.queue.depth", () => Snapshot(scopes, options.Value, clock).Queued,
            "{job}", "Jobs queued or waiting for a retry");
        meter.CreateObservableGauge("atrium.jobs.workers", () => Snapshot(scopes, options.Value, clock).Workers,
            "{worker}", "Workers whose heartbeat is recent");
    }

    internal void Finished(string job, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        _duration.Record(duration.TotalSeconds, tags);
        _completed.Add(1, tags);
    }

    internal void Failed(string job) => _failures.Add(1, new KeyValuePair<string, object?>("job", job));

    internal void Retried(string job) => _retries.Add(1, new KeyValuePair<string, object?>("job", job));

    internal void Died(string job) => _dead.Add(1, new KeyValuePair<string, object?>("job", job));

    private static (int Queued, int Workers) Snapshot(IServiceScopeFactory scopes, JobsOptions options, TimeProvider clock)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            var since = clock.GetUtcNow().UtcDateTime - options.WorkerTimeout;
            return (db.Runs.Count(r => r.Status == JobStatus.Queued || r.Status == JobStatus.Retrying),
                db.Workers.Count(w => w.LastSeenAt >= since));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // A metrics scrape must not fail because the database is away; the health check says so.
            return (0, 0);
        }
    }
}
