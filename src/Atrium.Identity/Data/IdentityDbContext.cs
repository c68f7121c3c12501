using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;

namespace Atrium.Identity.Data;

/// <summary>
/// The authorization server's tables (schema <c>identity</c>): OpenIddict's clients, authorizations
/// (consents), scopes and tokens, and the audit log of grants and revocations. Accounts stay in
/// <c>accounts</c>: this module reads them through the platform's account services, never its tables.
/// </summary>
public abstract class IdentityDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "identity";

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("tokens");
        modelBuilder.Entity<AuditEvent>(b =>
        {
            b.ToTable("audit_events");
            b.HasKey(e => e.Id);
            b.Property(e => e.Kind).HasMaxLength(AuditEvent.MaxShortLength);
            b.Property(e => e.ClientId).HasMaxLength(AuditEvent.MaxShortLength);
            b.Property(e => e.Subject).HasMaxLength(AuditEvent.MaxShortLength);
            b.Property(e => e.Scopes).HasMaxLength(AuditEvent.MaxScopesLength);
            b.Property(e => e.Address).HasMaxLength(AuditEvent.MaxShortLength);
            b.HasIndex(e => e.At);
        });
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteIdentityDbContext(DbContextOptions<SqliteIdentityDbContext> options)
    : IdentityDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options)
    : IdentityDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteIdentityDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIdentityDbContext>
{
    public SqliteIdentityDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteIdentityDbContext>(DatabaseProvider.Sqlite, IdentityDbContext.Schema, o => new(o));
}

internal sealed class PostgresIdentityDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIdentityDbContext>
{
    public PostgresIdentityDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresIdentityDbContext>(DatabaseProvider.Postgres, IdentityDbContext.Schema, o => new(o));
}
