using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atrium.Platform.Data;

public static class ForeignKeyViolation
{
    private const int SqliteConstraintForeignKey = 787;

    /// <summary>True when a save failed because a row it points at is gone (deleted by a concurrent request).</summary>
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteConstraintForeignKey,
        _ => false,
    };
}
