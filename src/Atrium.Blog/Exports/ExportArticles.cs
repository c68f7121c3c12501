using System.Reflection;
using Atrium.Platform.Jobs;
using Atrium.Platform.Jobs.Api;
using Microsoft.AspNetCore.Http.Metadata;

namespace Atrium.Blog.Exports;

/// <summary>429: the caller already has as many exports waiting or running as allowed.</summary>
public sealed class TooManyExports() : ApiError(StatusCodes.Status429TooManyRequests, ErrorBody.For("export", "is already in progress")), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);
}

public static class ExportArticles
{
    public const int MaxActivePerUser = 2;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/articles/exports", HandleAsync).WithName(nameof(ExportArticles));

    /// <summary>Starts the export job; the answer points at the job (<c>Location</c>), whose <c>resultUrl</c> downloads the file.</summary>
    public static async Task<Results<Accepted<JobEnvelope>, TooManyExports>> HandleAsync(
        IJobQueue jobs, JobRuns runs, CurrentUser caller, CancellationToken ct)
    {
        var owner = caller.RequiredId;
        // A soft limit: two simultaneous requests may both pass, which costs one extra export, nothing more.
        if (await runs.CountActiveAsync(ExportArticlesJob.Name, owner, ct) >= MaxActivePerUser)
        {
            return new TooManyExports();
        }

        var id = await jobs.EnqueueAsync<ExportArticlesJob, ExportArticlesArgs>(new ExportArticlesArgs(owner), owner, ct);
        var job = await runs.FindForOwnerAsync(id, owner, ct);
        return TypedResults.Accepted($"/api/jobs/{id}", new JobEnvelope(job!));
    }
}
