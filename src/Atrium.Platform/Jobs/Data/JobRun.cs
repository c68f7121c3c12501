namespace Atrium.Platform.Jobs.Data;

/// <summary>One enqueued job: what the owner polls, what the admin page counts.</summary>
public sealed class JobRun
{
    public const int MaxNameLength = 200;
    public const int MaxMessageLength = 500;
    public const int MaxErrorLength = 500;

    public Guid Id { get; init; }

    public required string Name { get; init; }

    public Guid? OwnerId { get; init; }

    public required string Status { get; set; }

    public int Progress { get; set; }

    public string? Message { get; set; }

    /// <summary>Attempts started so far (0 while first queued).</summary>
    public int Attempt { get; set; }

    public int MaxAttempts { get; init; }

    /// <summary>The job's arguments as JSON.</summary>
    public required string Args { get; init; }

    public DateTime? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Relative to the data directory.</summary>
    public string? ResultPath { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The scheduler instance running (or that last ran) the job.</summary>
    public string? Worker { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Retrying = "retrying";
    public const string Dead = "dead";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Queued, Running, Succeeded, Retrying, Dead, Cancelled];
}

/// <summary>A worker's heartbeat: the proof that something will run what is queued.</summary>
public sealed class JobWorker
{
    public required string InstanceId { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime LastSeenAt { get; set; }
}
