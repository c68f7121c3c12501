using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Atrium.Platform.Data;

/// <summary>
/// Per-connection SQLite settings (they are not stored in the file, so every opened connection gets them).
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c>: with WAL, a commit survives a process crash without an fsync per commit;
/// only an OS crash or power loss can roll back the newest transactions. Writers hold the lock far shorter.</item>
/// <item><c>busy_timeout</c>: a writer waiting for the lock backs off inside SQLite in short steps,
/// instead of Microsoft.Data.Sqlite's coarse 150 ms retry sleeps.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
