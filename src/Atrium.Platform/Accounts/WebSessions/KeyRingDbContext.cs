using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Platform.Accounts.WebSessions;

/// <summary>
/// The data-protection key ring (schema <c>keyring</c>): the keys that seal session cookies and
/// antiforgery tokens. In the database every replica shares, so a cookie sealed by one instance
/// opens on all of them, and keys survive restarts and redeploys.
/// </summary>
public abstract class KeyRingDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "keyring";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(b => b.ToTable("data_protection_keys"));
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteKeyRingDbContext(DbContextOptions<SqliteKeyRingDbContext> options)
    : KeyRingDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresKeyRingDbContext(DbContextOptions<PostgresKeyRingDbContext> options)
    : KeyRingDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteKeyRingDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKeyRingDbContext>
{
    public SqliteKeyRingDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteKeyRingDbContext>(DatabaseProvider.Sqlite, KeyRingDbContext.Schema, o => new(o));
}

internal sealed class PostgresKeyRingDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKeyRingDbContext>
{
    public PostgresKeyRingDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresKeyRingDbContext>(DatabaseProvider.Postgres, KeyRingDbContext.Schema, o => new(o));
}
