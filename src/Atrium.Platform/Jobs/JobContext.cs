namespace Atrium.Platform.Jobs;

/// <summary>What a running job can see and do: its identity, its progress, its result file.</summary>
public sealed class JobContext
{
    private readonly Func<int, string?, CancellationToken, Task> _report;

    internal JobContext(Guid jobId, Guid? ownerId, int attempt, DateTimeOffset? scheduledFor, string dataDirectory,
        Func<int, string?, CancellationToken, Task> report)
    {
        JobId = jobId;
        OwnerId = ownerId;
        Attempt = attempt;
        ScheduledFor = scheduledFor;
        DataDirectory = dataDirectory;
        _report = report;
    }

    public Guid JobId { get; }

    public Guid? OwnerId { get; }

    /// <summary>1-based: 2 is the first retry.</summary>
    public int Attempt { get; }

    /// <summary>For a recurring job, the fire time its schedule asked for (the same on every replica).</summary>
    public DateTimeOffset? ScheduledFor { get; }

    /// <summary>The host's data folder; result files go below it (see <see cref="SetResultFile"/>).</summary>
    public string DataDirectory { get; }

    /// <summary>The result file set by the job, relative to <see cref="DataDirectory"/>.</summary>
    public string? ResultFile { get; private set; }

    /// <summary>Records progress (0–100) and a short message; also where a cancellation request is noticed.</summary>
    public Task ReportProgressAsync(int percent, string? message, CancellationToken cancellationToken = default) =>
        _report(Math.Clamp(percent, 0, 100), message, cancellationToken);

    /// <summary>
    /// Names the file (an absolute path inside <see cref="DataDirectory"/>) the owner downloads from
    /// <c>GET /api/jobs/{id}/result</c> once the job has succeeded.
    /// </summary>
    public void SetResultFile(string path)
    {
        var full = Path.GetFullPath(path, DataDirectory);
        var relative = Path.GetRelativePath(DataDirectory, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException("A job's result file must be inside the data directory.", nameof(path));
        }

        ResultFile = relative;
    }
}
