using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Tests.Data;

/// <summary>Each provider's migrations capture the whole model: a model change without a migration fails here.</summary>
public abstract class MigrationsTests(AtriumApp app)
{
    [Fact]
    public async Task Every_module_model_matches_its_migrations()
    {
        var databases = app.Services.GetServices<IModuleDatabase>().ToList();
        Assert.Contains(databases, d => d.Schema == "accounts");
        Assert.Contains(databases, d => d.Schema == "blog");
        Assert.Contains(databases, d => d.Schema == "todo");
        Assert.Contains(databases, d => d.Schema == "keyring");
        Assert.Contains(databases, d => d.Schema == "weather");
        Assert.Contains(databases, d => d.Schema == "identity");
        foreach (var database in databases)
        {
            Assert.False(await database.HasPendingModelChangesAsync(app.Services), $"{database.Schema} on {app.Provider} has model changes no migration captures");
        }
    }
}

public sealed class MigrationsTests_Sqlite(SqliteApp app) : MigrationsTests(app), IClassFixture<SqliteApp>;

public sealed class MigrationsTests_Postgres(PostgresApp app) : MigrationsTests(app), IClassFixture<PostgresApp>;
