using Atrium.Platform.Jobs.Data;

namespace Atrium.Platform.Jobs.Api;

public static class DownloadJobResult
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/jobs/{id:guid}/result", HandleAsync).WithName(nameof(DownloadJobResult));

    /// <summary>The result file of the caller's own succeeded job, as a download; 404 for anyone else.</summary>
    public static async Task<Results<FileStreamHttpResult, NotFoundError>> HandleAsync(
        Guid id, JobsDbContext db, JobResultFiles files, CurrentUser caller, CancellationToken ct)
    {
        var run = await db.Runs.AsNoTracking()
            .Where(r => r.Id == id && r.OwnerId == caller.RequiredId && r.Status == JobStatus.Succeeded)
            .Select(r => new { r.Name, r.ResultPath })
            .FirstOrDefaultAsync(ct);
        if (files.Resolve(run?.ResultPath) is not { } path)
        {
            return new NotFoundError("result");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var contentType = Path.GetExtension(path) == ".json" ? "application/json" : "application/octet-stream";
        return TypedResults.Stream(stream, contentType, Path.GetFileName(path));
    }
}
