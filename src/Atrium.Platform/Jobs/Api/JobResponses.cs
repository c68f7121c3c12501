using System.Linq.Expressions;
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
    public static readonly Expression<Func<JobRun, JobView>> Projection = r => new JobView(
        r.Id, r.Name, r.Status, r.Progress, r.Message, r.Attempt, r.MaxAttempts, r.CreatedAt, r.UpdatedAt,
        r.NextAttemptAt, r.FinishedAt, r.LastError,
        r.Status == JobStatus.Succeeded && r.ResultPath != null ? "/api/jobs/" + r.Id.ToString() + "/result" : null);
}

public sealed record JobEnvelope(JobView Job);
