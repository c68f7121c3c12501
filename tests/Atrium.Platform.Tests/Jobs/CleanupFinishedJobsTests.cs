using Atrium.Platform.Jobs;
using Atrium.Platform.Jobs.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Jobs;

/// <summary>The recurring cleanup, run directly against the real database and data folder.</summary>
public abstract class CleanupFinishedJobsTests(JobsApp app)
{
    private static JobRun Run(string status, DateTime? finishedAt, string? resultPath = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = "test.counting",
        Status = status,
        Args = "{}",
        MaxAttempts = 1,
        CreatedAt = DateTime.UtcNow.AddDays(-40),
        UpdatedAt = DateTime.UtcNow.AddDays(-40),
        FinishedAt = finishedAt,
        ResultPath = resultPath,
    };

    [Fact]
    public async Task Records_finished_before_the_retention_period_go_with_their_files_and_the_rest_stay()
    {
        var exports = Directory.CreateDirectory(Path.Combine(app.DataDirectory, "exports"));
        var oldFile = Path.Combine(exports.FullName, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(oldFile, "{}");
        var old = Run(JobStatus.Succeeded, DateTime.UtcNow.AddDays(-30), Path.GetRelativePath(app.DataDirectory, oldFile));
        var oldDead = Run(JobStatus.Dead, DateTime.UtcNow.AddDays(-8));
        var recent = Run(JobStatus.Succeeded, DateTime.UtcNow.AddDays(-1));
        var waiting = Run(JobStatus.Queued, null);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        db.Runs.AddRange(old, oldDead, recent, waiting);
        await db.SaveChangesAsync();

        var files = scope.ServiceProvider.GetRequiredService<JobResultFiles>();
        var context = new JobContext(Guid.NewGuid(), null, 1, null, files.Root, (_, _, _) => Task.CompletedTask);
        await scope.ServiceProvider.GetRequiredService<CleanupFinishedJobs>().RunAsync(NoArgs.Value, context, CancellationToken.None);

        var left = await db.Runs.AsNoTracking().Select(r => r.Id).ToListAsync();
        Assert.DoesNotContain(old.Id, left);
        Assert.DoesNotContain(oldDead.Id, left);
        Assert.Contains(recent.Id, left);
        Assert.Contains(waiting.Id, left);
        Assert.False(File.Exists(oldFile));
    }
}

public sealed class CleanupFinishedJobsTests_Sqlite(JobsSqliteApp app) : CleanupFinishedJobsTests(app), IClassFixture<JobsSqliteApp>;

public sealed class CleanupFinishedJobsTests_Postgres(JobsPostgresApp app) : CleanupFinishedJobsTests(app), IClassFixture<JobsPostgresApp>;
