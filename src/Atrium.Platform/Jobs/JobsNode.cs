namespace Atrium.Platform.Jobs;

/// <summary>This process as a member of the jobs cluster: its Quartz instance id, also its heartbeat key.</summary>
public sealed class JobsNode
{
    // Unique per host, not per machine: tests run several hosts (replicas) in one process.
    public string InstanceId { get; } = $"{Environment.MachineName[..Math.Min(60, Environment.MachineName.Length)]}-{Guid.NewGuid():N}";
}
