using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Atrium.Platform.Hosting;

/// <summary>Ready only when the database answers.</summary>
public sealed class DatabaseHealthCheck(AccountsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
