using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Atrium.Identity.Data;

/// <summary>
/// OpenIddict's EF Core stores with a memory cache of their own: the platform's shared cache is bounded
/// in bytes and wants every entry to state its size, which OpenIddict's stores do not.
/// </summary>
internal static class OpenIddictStores
{
    public static IServiceCollection AddOpenIddictStores(this IServiceCollection services)
    {
        services.AddSingleton<StoreCache>();
        services.AddScoped<IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication>>(Create<OpenIddictEntityFrameworkCoreApplicationStore>);
        services.AddScoped<IOpenIddictAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization>>(Create<OpenIddictEntityFrameworkCoreAuthorizationStore>);
        services.AddScoped<IOpenIddictScopeStore<OpenIddictEntityFrameworkCoreScope>>(Create<OpenIddictEntityFrameworkCoreScopeStore>);
        services.AddScoped<IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken>>(Create<OpenIddictEntityFrameworkCoreTokenStore>);
        return services;
    }

    private static TStore Create<TStore>(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<TStore>(services, services.GetRequiredService<StoreCache>().Cache);

    internal sealed class StoreCache : IDisposable
    {
        public MemoryCache Cache { get; } = new(new MemoryCacheOptions());

        public void Dispose() => Cache.Dispose();
    }
}
