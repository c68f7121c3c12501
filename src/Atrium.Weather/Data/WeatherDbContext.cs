using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Weather.Data;

/// <summary>The weather module's tables (schema <c>weather</c>): API keys and the request history.</summary>
public abstract class WeatherDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "weather";

    public DbSet<WeatherApiKey> ApiKeys => Set<WeatherApiKey>();

    public DbSet<WeatherRequest> Requests => Set<WeatherRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WeatherApiKey>(b =>
        {
            b.ToTable("api_keys");
            b.HasKey(k => k.Id);
            b.Property(k => k.Name).HasMaxLength(WeatherApiKey.MaxNameLength);
            b.Property(k => k.Hash).HasMaxLength(OpaqueToken.HashLength);
            b.Property(k => k.Prefix).HasMaxLength(WeatherApiKey.PrefixLength);
            b.HasIndex(k => k.Hash).IsUnique();
            b.HasIndex(k => new { k.OwnerId, k.CreatedAt });
        });
        modelBuilder.Entity<WeatherRequest>(b =>
        {
            b.ToTable("requests");
            b.HasKey(r => r.Id);
            b.Property(r => r.CallerKind).HasMaxLength(WeatherRequest.MaxKindLength);
            b.Property(r => r.CallerId).HasMaxLength(WeatherRequest.MaxCallerIdLength);
            b.Property(r => r.Endpoint).HasMaxLength(WeatherRequest.MaxKindLength);
            b.Property(r => r.Place).HasMaxLength(WeatherRequest.MaxPlaceLength);
            b.Property(r => r.Query).HasMaxLength(WeatherRequest.MaxQueryLength);
            b.Property(r => r.Cache).HasMaxLength(WeatherRequest.MaxKindLength);
            b.HasIndex(r => new { r.CallerKind, r.CallerId, r.CreatedAt });
            b.HasIndex(r => r.CreatedAt);
        });
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteWeatherDbContext(DbContextOptions<SqliteWeatherDbContext> options)
    : WeatherDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresWeatherDbContext(DbContextOptions<PostgresWeatherDbContext> options)
    : WeatherDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteWeatherDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWeatherDbContext>
{
    public SqliteWeatherDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteWeatherDbContext>(DatabaseProvider.Sqlite, WeatherDbContext.Schema, o => new(o));
}

internal sealed class PostgresWeatherDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWeatherDbContext>
{
    public PostgresWeatherDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresWeatherDbContext>(DatabaseProvider.Postgres, WeatherDbContext.Schema, o => new(o));
}
