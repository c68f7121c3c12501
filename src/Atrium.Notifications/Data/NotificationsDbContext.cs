using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Notifications.Data;

/// <summary>The notifications module's tables (schema <c>notifications</c>), with its consumers' inbox.</summary>
public abstract class NotificationsDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "notifications";

    public DbSet<Notification> Notifications => Set<Notification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Notification>(b =>
        {
            b.ToTable("notifications");
            b.HasKey(n => n.Id);
            b.Property(n => n.Type).HasMaxLength(Notification.MaxTypeLength);
            b.Property(n => n.ActorUsername).HasMaxLength(Notification.MaxUsernameLength);
            b.Property(n => n.ArticleSlug).HasMaxLength(Notification.MaxSlugLength);
            b.HasIndex(n => new { n.RecipientId, n.CreatedAt });
        });
        modelBuilder.AddInbox();
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteNotificationsDbContext(DbContextOptions<SqliteNotificationsDbContext> options)
    : NotificationsDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresNotificationsDbContext(DbContextOptions<PostgresNotificationsDbContext> options)
    : NotificationsDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteNotificationsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteNotificationsDbContext>
{
    public SqliteNotificationsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteNotificationsDbContext>(DatabaseProvider.Sqlite, NotificationsDbContext.Schema, o => new(o));
}

internal sealed class PostgresNotificationsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresNotificationsDbContext>
{
    public PostgresNotificationsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresNotificationsDbContext>(DatabaseProvider.Postgres, NotificationsDbContext.Schema, o => new(o));
}
