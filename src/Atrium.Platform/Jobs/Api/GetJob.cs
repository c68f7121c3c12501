namespace Atrium.Platform.Jobs.Api;

public static class GetJob
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/jobs/{id:guid}", HandleAsync).WithName(nameof(GetJob));

    // Someone else's job is "not found", not "forbidden": ids must not leak whether they exist.
    public static async Task<Results<Ok<JobEnvelope>, NotFoundError>> HandleAsync(
        Guid id, JobRuns runs, CurrentUser caller, CancellationToken ct) =>
        await runs.FindForOwnerAsync(id, caller.RequiredId, ct) is { } job
            ? TypedResults.Ok(new JobEnvelope(job))
            : new NotFoundError("job");
}
