namespace Atrium.Platform.Health;

/// <summary>
/// Which shared services take an instance out of rotation (<c>Atrium:Health</c>). The database always
/// does. Redis and RabbitMQ do not by default: the platform serves without them (the cache reads the
/// database, rate limits count in memory, events wait in the outbox), and since every instance shares
/// them, failing readiness on their outage would empty the load balancer and turn a degraded service
/// into no service. They still show up, as <c>Degraded</c> (HTTP 200), on <c>/health/ready</c> and <c>/health</c>.
/// </summary>
public sealed class HealthOptions
{
    public const string SectionName = "Atrium:Health";

    /// <summary>True: an unreachable Redis makes readiness fail (503) instead of Degraded.</summary>
    public bool RequireRedis { get; set; }

    /// <summary>True: an unreachable message broker makes readiness fail (503) instead of Degraded.</summary>
    public bool RequireMessaging { get; set; }
}
