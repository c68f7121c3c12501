using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Data;

/// <summary>One module's database, as the migrator sees it.</summary>
public interface IModuleDatabase
{
    string Schema { get; }

    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken);

    Task<bool> HasPendingModelChangesAsync(IServiceProvider services);
}

internal sealed class ModuleDatabase<TContext>(string schema) : IModuleDatabase
    where TContext : DbContext
{
    public string Schema => schema;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task<bool> HasPendingModelChangesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<TContext>().Database.HasPendingModelChanges();
    }
}
