using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Atrium.Platform.Jobs.Data;

/// <summary>
/// Quartz's tables, created by the jobs migrations from the schema scripts Quartz 4.7.3 ships
/// (copied to <c>Schema/</c>), so the store never needs DDL rights at run time: in the <c>jobs</c>
/// schema with the prefix <c>qrtz_</c> on PostgreSQL, as <c>jobs_qrtz_*</c> on SQLite. A copy rather
/// than Quartz's own embedded resource, so an applied migration never changes with a Quartz upgrade.
/// </summary>
public static partial class QuartzSchema
{
    public static string TablePrefix(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? $"{JobsDbContext.Schema}.qrtz_" : $"{JobsDbContext.Schema}_qrtz_";

    private static string BarePrefix(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? "qrtz_" : $"{JobsDbContext.Schema}_qrtz_";

    /// <summary>The DDL statements, prefixes substituted, in order.</summary>
    public static IReadOnlyList<string> Statements(DatabaseProvider provider)
    {
        var script = Script(provider)
            .Replace("{0}", TablePrefix(provider), StringComparison.Ordinal)
            .Replace("{1}", BarePrefix(provider), StringComparison.Ordinal);
        return [.. script.Split("\n--;;\n")
            .Select(s => string.Join('\n', s.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0)];
    }

    public static void Create(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        foreach (var statement in Statements(provider))
        {
            migrationBuilder.Sql(statement);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        var tables = Statements(provider)
            .Select(s => CreateTable().Match(s))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Reverse();
        foreach (var table in tables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }

    private static string Script(DatabaseProvider provider)
    {
        var name = provider == DatabaseProvider.Postgres ? "quartz_postgres.sql" : "quartz_sqlite.sql";
        var assembly = typeof(QuartzSchema).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^CREATE TABLE IF NOT EXISTS ([A-Za-z0-9_.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
