using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Data;

public static class ModuleDatabaseRegistration
{
    /// <summary>
    /// Registers a module's pooled DbContext (with any <see cref="IInterceptor"/> registered in DI:
    /// the seam for command telemetry and for tests that count SQL commands). Each provider has its own derived context type so
    /// that SQLite and PostgreSQL keep separate, provider-specific migrations in one assembly.
    /// </summary>
    public static IHostApplicationBuilder AddModuleDbContext<TContext, TSqlite, TPostgres>(
        this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        var database = DatabaseSettings.For(builder);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            builder.Services.AddDbContextPool<TContext, TSqlite>(
                (sp, o) => Configure(o, database.Provider, database.ConnectionString, schema).AddInterceptors(sp.GetServices<IInterceptor>()),
                database.PoolSize);
        }
        else
        {
            builder.Services.AddDbContextPool<TContext, TPostgres>(
                (sp, o) => Configure(o, database.Provider, database.ConnectionString, schema).AddInterceptors(sp.GetServices<IInterceptor>()),
                database.PoolSize);
        }

        builder.Services.AddSingleton<IModuleDatabase>(new ModuleDatabase<TContext>(schema));
        return builder;
    }

    /// <summary>The one place a module context's provider options are set: at run time and at design time alike.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, string schema)
    {
        var historyTable = ModuleSchema.HistoryTable(schema, provider);
        var historySchema = ModuleSchema.HistorySchema(schema, provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(connectionString, x => x.MigrationsHistoryTable(historyTable, historySchema))
                .AddInterceptors(new SqliteConnectionSettings());
        }
        else
        {
            options.UseNpgsql(connectionString, x => x.MigrationsHistoryTable(historyTable, historySchema));
        }

        // A failed command is either handled (a unique-index race answered as 409 or retried) or
        // reaches ApiExceptionHandler, which logs it with its trace id: EF's own error entries
        // would only raise false alarms.
        return options.UseSnakeCaseNamingConvention()
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
    }
}

/// <summary>Builds a module context for <c>dotnet ef</c> without starting a host.</summary>
public static class DesignTimeContext
{
    public static TContext Create<TContext>(DatabaseProvider provider, string schema, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        var connectionString = provider == DatabaseProvider.Sqlite
            ? "Data Source=design-time.db"
            : "Host=127.0.0.1;Database=atrium_design_time";
        var options = new DbContextOptionsBuilder<TContext>();
        ModuleDatabaseRegistration.Configure(options, provider, connectionString, schema);
        return create(options.Options);
    }
}
