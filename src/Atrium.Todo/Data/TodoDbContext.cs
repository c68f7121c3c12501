using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Todo.Data;

/// <summary>The todo module's tables (schema <c>todo</c>).</summary>
public abstract class TodoDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "todo";

    public DbSet<TodoList> Lists => Set<TodoList>();

    public DbSet<TodoItem> Items => Set<TodoItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TodoList>(b =>
        {
            b.ToTable("lists");
            b.HasKey(l => l.Id);
            b.Property(l => l.Title).HasMaxLength(TodoList.MaxTitleLength);
            b.Property(l => l.TokenHash).HasMaxLength(OpaqueToken.HashLength);
            b.HasIndex(l => l.TokenHash).IsUnique();
            b.HasIndex(l => new { l.OwnerId, l.TouchedAt });
            // The expiry job scans guest lists by last use.
            b.HasIndex(l => l.TouchedAt);
            b.HasMany(l => l.Items).WithOne().HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TodoItem>(b =>
        {
            b.ToTable("items");
            b.HasKey(i => i.Id);
            b.Property(i => i.Title).HasMaxLength(TodoItem.MaxTitleLength);
            b.HasIndex(i => i.ListId);
        });
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteTodoDbContext(DbContextOptions<SqliteTodoDbContext> options)
    : TodoDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresTodoDbContext(DbContextOptions<PostgresTodoDbContext> options)
    : TodoDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteTodoDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTodoDbContext>
{
    public SqliteTodoDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteTodoDbContext>(DatabaseProvider.Sqlite, TodoDbContext.Schema, o => new(o));
}

internal sealed class PostgresTodoDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTodoDbContext>
{
    public PostgresTodoDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresTodoDbContext>(DatabaseProvider.Postgres, TodoDbContext.Schema, o => new(o));
}
