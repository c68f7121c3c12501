using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Data;

/// <summary>
/// The database a host talks to, resolved once from configuration while the host is built (module
/// DbContexts are registered before any service exists) and shared by everything that needs it.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, int PoolSize)
{
    public static DatabaseSettings For(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(DatabaseSettings), out var cached))
        {
            return (DatabaseSettings)cached;
        }

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var settings = new DatabaseSettings(
            options.Provider, DatabaseConnection.Resolve(builder.Configuration, builder.Environment, options.Provider), options.PoolSize);
        builder.Properties[typeof(DatabaseSettings)] = settings;
        return settings;
    }
}
