using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Atrium.Platform.Data;

/// <summary>
/// Puts a module's tables in its own schema. SQLite has no schemas, so there the schema
/// becomes a table-name prefix (<c>blog.articles</c> ↔ <c>blog_articles</c>).
/// </summary>
public static class ModuleSchema
{
    // SQLite hands DateTime back with Kind=Unspecified; every timestamp Atrium stores is UTC.
    private static readonly ValueConverter<DateTime, DateTime> UtcDateTime =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public static void Apply(ModelBuilder modelBuilder, string schema, DatabaseProvider provider)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var view = entity.GetViewName();
            if (view is not null)
            {
                var viewSchema = entity.GetViewSchema() ?? schema;
                if (provider == DatabaseProvider.Sqlite)
                {
                    entity.SetViewName($"{viewSchema}_{view}");
                    entity.SetViewSchema(null);
                }
                continue;
            }

            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            if (provider == DatabaseProvider.Sqlite)
            {
                entity.SetTableName($"{schema}_{table}");
                entity.SetSchema(null);
                foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTime)))
                {
                    property.SetValueConverter(UtcDateTime);
                }
            }
            else
            {
                entity.SetSchema(schema);
            }
        }
    }

    public static string HistoryTable(string schema, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? $"{schema}___ef_migrations" : "__ef_migrations";

    public static string? HistorySchema(string schema, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? null : schema;
}
