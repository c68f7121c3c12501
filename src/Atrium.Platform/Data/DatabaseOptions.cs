using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database the platform talks to; the connection string is <c>ConnectionStrings:Atrium</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Atrium:Database";
    public const string ConnectionStringName = "Atrium";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Applies migrations when the web host starts. Defaults to on in Development only: production migrates by command.</summary>
    public bool MigrateOnStart { get; set; }

    [Range(1, 1024)]
    public int PoolSize { get; set; } = 256;
}
