using Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Data;

public static class DatabaseConnection
{
    /// <summary>The configured connection string, or for SQLite a database file in the data folder.</summary>
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return provider == DatabaseProvider.Postgres ? WithPostgresDefaults(configured) : configured;
        }

        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "Atrium:Database:Provider is Postgres but ConnectionStrings:Atrium is not set.");
        }

        var folder = DataDirectory.Resolve(configuration, environment);
        return $"Data Source={Path.Combine(folder, "atrium.db")};Default Timeout=30";
    }

    /// <summary>
    /// Prepares the hot statements on the server (parse and plan once per connection, not per
    /// request) unless the connection string already sets Max Auto Prepare.
    /// </summary>
    private static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
