using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Data;

/// <summary>Applies every module's migrations, platform (accounts) first since modules read its views.</summary>
public sealed partial class DatabaseMigrator(
    IServiceProvider services,
    IEnumerable<IModuleDatabase> databases,
    DatabaseSettings settings,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        foreach (var database in databases)
        {
            LogMigrating(database.Schema, settings.Provider);
            await database.MigrateAsync(services, cancellationToken);
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await EnableWriteAheadLogAsync(cancellationToken);
        }
    }

    // WAL lets readers proceed while a writer commits; the mode is stored in the database file.
    private async Task EnableWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {Schema} on {Provider}")]
    private partial void LogMigrating(string schema, DatabaseProvider provider);
}
