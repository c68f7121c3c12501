using Atrium.Platform.Jobs.Data;

namespace Atrium.Platform.Jobs.Api;

/// <summary>What an owner sees of a job. <c>error</c> is short (type and message, never a stack trace).</summary>
public sealed record JobView(
    Guid Id,
    string Name,
    string Status,
    int Progress,
    string? Message,
    int Attempt,
    int MaxAttempts,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? NextAttemptAt,
    DateTime? FinishedAt,
    string? Error,
    string? ResultUrl)
{
    // Built in memory: a GUID formatted by the database would follow its casing (SQLite stores upper case).
    public static JobView From(JobRun r) => new(
        r.Id, r.Name, r.Status, r.Progress, r.Message, r.Attempt, r.MaxAttempts, r.CreatedAt, r.UpdatedAt,
        r.NextAttemptAt, r.FinishedAt, r.LastError,
        r.Status == JobStatus.Succeeded && r.ResultPath != null ? $"/api/jobs/{r.Id}/result" : null);
}

public sealed record JobEnvelope(JobView Job);
