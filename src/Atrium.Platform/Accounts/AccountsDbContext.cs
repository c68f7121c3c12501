using Atrium.Platform.Accounts.ExternalSignIn;
using Atrium.Platform.Messaging;
using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Platform.Accounts;

public abstract class AccountsDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "accounts";

    public DbSet<AccountUser> Users => Set<AccountUser>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<PasswordResetToken> PasswordResetTokens => Set<PasswordResetToken>();

    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccountUser>(b =>
        {
            b.ToTable("users");
            b.HasKey(u => u.Id);
            b.Property(u => u.Username).HasMaxLength(AccountRules.MaxUsernameLength);
            b.Property(u => u.NormalizedUsername).HasMaxLength(AccountRules.MaxUsernameLength);
            b.Property(u => u.Email).HasMaxLength(AccountRules.MaxEmailLength);
            b.Property(u => u.NormalizedEmail).HasMaxLength(AccountRules.MaxEmailLength);
            b.Property(u => u.Bio).HasMaxLength(AccountRules.MaxBioLength);
            b.Property(u => u.Image).HasMaxLength(AccountRules.MaxImageLength);
            b.HasIndex(u => u.Username).IsUnique();
            b.HasIndex(u => u.NormalizedUsername).IsUnique();
            b.HasIndex(u => u.NormalizedEmail).IsUnique();
        });
        modelBuilder.Entity<RefreshToken>(b =>
        {
            b.ToTable("refresh_tokens");
            b.HasKey(t => t.Id);
            b.Property(t => t.TokenHash).HasMaxLength(OpaqueToken.HashLength);
            b.HasIndex(t => t.TokenHash).IsUnique();
            b.HasIndex(t => t.FamilyId);
            b.HasIndex(t => t.UserId);
            b.HasOne<AccountUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PasswordResetToken>(b =>
        {
            b.ToTable("password_reset_tokens");
            b.HasKey(t => t.Id);
            b.Property(t => t.TokenHash).HasMaxLength(OpaqueToken.HashLength);
            b.HasIndex(t => t.TokenHash).IsUnique();
            b.HasIndex(t => t.UserId);
            b.HasOne<AccountUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ExternalLogin>(b =>
        {
            b.ToTable("external_logins");
            b.HasKey(l => l.Id);
            b.Property(l => l.Provider).HasMaxLength(ExternalLogin.MaxProviderLength);
            b.Property(l => l.Subject).HasMaxLength(ExternalLogin.MaxSubjectLength);
            b.Property(l => l.Email).HasMaxLength(AccountRules.MaxEmailLength);
            b.HasIndex(l => new { l.Provider, l.Subject }).IsUnique();
            b.HasIndex(l => new { l.UserId, l.Provider }).IsUnique();
            b.HasOne<AccountUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.AddOutbox();
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options)
    : AccountsDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options)
    : AccountsDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteAccountsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccountsDbContext>
{
    public SqliteAccountsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteAccountsDbContext>(DatabaseProvider.Sqlite, AccountsDbContext.Schema, o => new(o));
}

internal sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccountsDbContext>
{
    public PostgresAccountsDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresAccountsDbContext>(DatabaseProvider.Postgres, AccountsDbContext.Schema, o => new(o));
}
