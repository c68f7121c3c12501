using Atrium.Platform.Redis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Caching;

public static class CacheRegistration
{
    private const string RedisInstanceName = "atrium:cache:";

    /// <summary>HybridCache with Redis as its second level when <c>ConnectionStrings:Redis</c> is set, memory only otherwise.</summary>
    public static IServiceCollection AddAtriumCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Keys carry user input (slugs, usernames, list filters): allow long ones rather than skip caching them.
        services.AddHybridCache(o => o.MaximumKeyLength = 8192).AddSerializerFactory<JsonCacheSerializerFactory>();
        // HybridCache gives every L1 entry its payload size, so the memory cache can be bounded in bytes.
        // Anything else storing in the shared IMemoryCache must then set a Size on its entries too.
        services.AddOptions<MemoryCacheOptions>().Configure<IOptions<CacheOptions>>((memory, cache) => memory.SizeLimit = cache.Value.LocalSizeLimitBytes);

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisConnection.ConnectionStringName)))
        {
            services.AddSingleton<ITagStamps, MemoryTagStamps>();
        }
        else
        {
            // HybridCache takes the registered IDistributedCache as its L2; it shares the host's one multiplexer.
            services.AddStackExchangeRedisCache(_ => { });
            services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((o, redis) =>
            {
                o.ConnectionMultiplexerFactory = redis.GetAsync;
                o.InstanceName = RedisInstanceName;
            });
            services.AddSingleton<ITagStamps, RedisTagStamps>();
        }

        services.AddSingleton<PendingInvalidations>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingInvalidations>());
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton(sp => new AtriumCache(
            sp.GetRequiredService<Microsoft.Extensions.Caching.Hybrid.HybridCache>(), sp.GetRequiredService<ITagStamps>(),
            sp.GetRequiredService<PendingInvalidations>(), sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IOptions<CacheOptions>>(), sp.GetRequiredService<CacheMetrics>()));
        return services;
    }
}
