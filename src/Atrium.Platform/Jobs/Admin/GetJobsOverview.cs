namespace Atrium.Platform.Jobs.Admin;

public static class GetJobsOverview
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/admin/jobs", HandleAsync).WithName(nameof(GetJobsOverview));

    // Non-administrators get 404: the operator surface does not announce itself.
    internal static async Task<Results<Ok<JobsOverviewEnvelope>, NotFoundError>> HandleAsync(
        AdminAccess access, JobsOverviewQuery overview, CurrentUser caller, CancellationToken ct) =>
        await access.IsAdminAsync(caller.Id, ct)
            ? TypedResults.Ok(new JobsOverviewEnvelope(await overview.LoadAsync(ct)))
            : new NotFoundError("page");
}
