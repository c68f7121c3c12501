using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atrium.Platform.Data;

public static class UniqueViolation
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when a save failed because a unique index or primary key already holds the value.</summary>
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };
}
