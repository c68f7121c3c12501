using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Platform.Jobs.Data;

/// <summary>Job records and worker heartbeats (schema <c>jobs</c>); Quartz's own tables live beside them.</summary>
public abstract class JobsDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "jobs";

    public DbSet<JobRun> Runs => Set<JobRun>();

    public DbSet<JobWorker> Workers => Set<JobWorker>();

    public DbSet<AccountProfile> Profiles => Set<AccountProfile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapAccountProfiles();
        modelBuilder.Entity<JobRun>(b =>
        {
            b.ToTable("job_runs");
            b.HasKey(r => r.Id);
            b.Property(r => r.Name).HasMaxLength(JobRun.MaxNameLength);
            b.Property(r => r.Status).HasMaxLength(16);
            b.Property(r => r.Message).HasMaxLength(JobRun.MaxMessageLength);
            b.Property(r => r.LastError).HasMaxLength(JobRun.MaxErrorLength);
            b.Property(r => r.ResultPath).HasMaxLength(1024);
            b.Property(r => r.Worker).HasMaxLength(200);
            b.HasIndex(r => r.Status);
            b.HasIndex(r => r.OwnerId);
            b.HasIndex(r => r.FinishedAt);
        });
        modelBuilder.Entity<JobWorker>(b =>
        {
            b.ToTable("workers");
            b.HasKey(w => w.InstanceId);
            b.Property(w => w.InstanceId).HasMaxLength(200);
        });
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteJobsDbContext(DbContextOptions<SqliteJobsDbContext> options)
    : JobsDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresJobsDbContext(DbContextOptions<PostgresJobsDbContext> options)
    : JobsDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteJobsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJobsDbContext>
{
    public SqliteJobsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteJobsDbContext>(DatabaseProvider.Sqlite, JobsDbContext.Schema, o => new(o));
}

internal sealed class PostgresJobsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJobsDbContext>
{
    public PostgresJobsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresJobsDbContext>(DatabaseProvider.Postgres, JobsDbContext.Schema, o => new(o));
}
