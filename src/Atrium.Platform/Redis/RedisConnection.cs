using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Atrium.Platform.Redis;

/// <summary>
/// The one Redis connection a host shares (cache, rate limits, invalidation messages), switched on by
/// <c>ConnectionStrings:Redis</c>. Absent means the embedded default: every service that could use
/// Redis falls back to memory, so check <see cref="IsConfigured"/> rather than resolving the multiplexer.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    public const string ConnectionStringName = "Redis";

    private readonly Lazy<Task<IConnectionMultiplexer>>? _multiplexer;

    public RedisConnection(IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        ConnectionString = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            var options = ConfigurationOptions.Parse(ConnectionString);
            // Start even while Redis is down and keep reconnecting; callers decide how to degrade.
            options.AbortOnConnectFail = false;
            options.LoggerFactory = loggerFactory;
            _multiplexer = new(async () => await ConnectionMultiplexer.ConnectAsync(options), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public string? ConnectionString { get; }

    public bool IsConfigured => _multiplexer is not null;

    /// <summary>The shared multiplexer; only when <see cref="IsConfigured"/>.</summary>
    public Task<IConnectionMultiplexer> GetAsync() =>
        _multiplexer?.Value ?? throw new InvalidOperationException("Redis is not configured (ConnectionStrings:Redis).");

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { IsValueCreated: true })
        {
            await (await _multiplexer.Value).DisposeAsync();
        }
    }
}

public static class RedisRegistration
{
    public static IServiceCollection AddAtriumRedis(this IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        return services;
    }
}
