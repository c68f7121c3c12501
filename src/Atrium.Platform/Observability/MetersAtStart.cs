using Atrium.Platform.Caching;
using Atrium.Platform.Jobs;
using Atrium.Platform.Messaging;
using Atrium.Platform.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Observability;

/// <summary>
/// Creates the platform's meters when the host starts rather than on first use, so their gauges
/// (job queue depth, workers, outbox backlog) are on <c>/metrics</c> from the first scrape, not only
/// after the first job ran or the first event was relayed.
/// </summary>
internal sealed class MetersAtStart(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService<JobsMetrics>();
        _ = services.GetService<MessagingTelemetry>();
        _ = services.GetService<CacheMetrics>();
        _ = services.GetService<RateLimitMetrics>();
        _ = services.GetService<DatabaseMetrics>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
