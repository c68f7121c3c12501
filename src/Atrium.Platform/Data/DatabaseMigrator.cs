using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Data;

/// <summary>Applies every module's migrations, platform (accounts) first since modules read its views.</summary>
public sealed partial class DatabaseMigrator(
    IServiceProvider services,
    IEnumerable<IModuleDatabase> databases,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        foreach (var database in databases)
        {
            LogMigrating(database.Schema, options.Value.Provider);
            await database.MigrateAsync(services, cancellationToken);
        }

        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            await EnableWriteAheadLogAsync(cancellationToken);
        }
    }

    // WAL lets readers proceed while a writer commits; the mode is stored in the database file.
    private async Task EnableWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<DatabaseConnectionString>().Value;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {Schema} on {Provider}")]
    private partial void LogMigrating(string schema, DatabaseProvider provider);
}

/// <summary>The resolved connection string, for the few places that talk to the database without EF.</summary>
public sealed record DatabaseConnectionString(string Value);
