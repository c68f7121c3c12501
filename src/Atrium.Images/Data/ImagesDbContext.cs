using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Images.Data;

/// <summary>The image service's tables (schema <c>images</c>) and its outbox.</summary>
public abstract class ImagesDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "images";

    public DbSet<StoredImage> Images => Set<StoredImage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredImage>(b =>
        {
            b.ToTable("images");
            b.HasKey(i => i.Id);
            b.Property(i => i.Format).HasMaxLength(StoredImage.MaxFormatLength);
            b.Property(i => i.ContentHash).HasMaxLength(StoredImage.HashLength);
            b.Ignore(i => i.StorageKey);
            // One image per owner per content and metadata choice: the dedupe, race-proof.
            b.HasIndex(i => new { i.OwnerId, i.ContentHash, i.MetadataKept }).IsUnique();
            b.HasIndex(i => i.ContentHash);
        });
        modelBuilder.AddOutbox();
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteImagesDbContext(DbContextOptions<SqliteImagesDbContext> options)
    : ImagesDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresImagesDbContext(DbContextOptions<PostgresImagesDbContext> options)
    : ImagesDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteImagesDesignTimeFactory : IDesignTimeDbContextFactory<SqliteImagesDbContext>
{
    public SqliteImagesDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteImagesDbContext>(DatabaseProvider.Sqlite, ImagesDbContext.Schema, o => new(o));
}

internal sealed class PostgresImagesDesignTimeFactory : IDesignTimeDbContextFactory<PostgresImagesDbContext>
{
    public PostgresImagesDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresImagesDbContext>(DatabaseProvider.Postgres, ImagesDbContext.Schema, o => new(o));
}
