using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Images.Storage;

/// <summary>Readiness: the image storage answers (the folder exists, or the bucket is reachable).</summary>
internal sealed class StorageHealthCheck(IImageStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await storage.CheckAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("image storage unreachable", e);
        }
    }
}
