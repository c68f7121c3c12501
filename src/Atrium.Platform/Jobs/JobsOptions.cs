using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Jobs;

/// <summary>Background jobs (<c>Atrium:Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Atrium:Jobs";

    /// <summary>Execute jobs in this process. Off, the host only enqueues (an API-only replica).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Jobs executed at once by this process.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Attempts before a job is dead, unless its registration says otherwise.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; each further retry doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a running job looks for a cancellation request made on any replica.</summary>
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle worker looks for work scheduled by other replicas.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a worker records that it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>With no heartbeat for this long while jobs wait, the <c>jobs</c> health check is unhealthy.</summary>
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Finished job records and their result files are deleted after this many days.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>When the cleanup runs (Quartz cron: seconds first).</summary>
    [Required]
    public string CleanupCron { get; set; } = "0 15 3 * * ?";

    /// <summary>The Quartz scheduler's name: replicas sharing a database and this name form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string SchedulerName { get; set; } = "atrium";
}
