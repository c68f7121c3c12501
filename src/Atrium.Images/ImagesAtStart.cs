using Atrium.Images.Processing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Images;

/// <summary>Creates the pool (and with it the meter and its queue-depth gauge) at start, so the first scrape shows them.</summary>
internal sealed class ImagesAtStart(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ProcessingPool>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
