using System.Diagnostics;
using Atrium.Images.Storage;
using Atrium.Platform.Redis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Images.Caching;

/// <summary>A result's cache address: the source's content hash and a hash of (normalised options, format).</summary>
public sealed record ResultKey(string ContentHash, string Variant)
{
    public string StorageKey => $"results/{ContentHash}/{Variant}";

    public string RedisKey => $"atrium:images:result:{ContentHash}:{Variant}";

    public string ETag => $"\"{ContentHash[..16]}{Variant[..16]}\"";
}

/// <summary>
/// Rendered results: small ones in Redis (shared by every instance; in process memory when there is no
/// Redis), large ones in storage. Results never change for a key, so nothing is ever invalidated: Redis
/// entries expire, stored ones go when the last image with their content is deleted.
/// </summary>
public sealed partial class ResultCache(
    RedisConnection redis, IImageStorage storage, IOptions<ImagesOptions> options, ImagesTelemetry telemetry, ILogger<ResultCache> logger) : IDisposable
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(1);

    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

    private string SmallTier => redis.IsConfigured ? "redis" : "memory";

    public async Task<byte[]?> GetAsync(ResultKey key, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var small = await GetSmallAsync(key);
        if (small is not null)
        {
            telemetry.CacheLookup(hit: true, SmallTier);
            telemetry.Phase("cache", Stopwatch.GetElapsedTime(started));
            return small;
        }

        var large = await storage.GetAsync(key.StorageKey, ct);
        telemetry.CacheLookup(hit: large is not null, large is null ? SmallTier : "storage");
        telemetry.Phase("cache", Stopwatch.GetElapsedTime(started));
        return large;
    }

    public async Task SetAsync(ResultKey key, byte[] bytes, string mediaType, CancellationToken ct)
    {
        if (bytes.Length > options.Value.SmallResultBytes)
        {
            await storage.PutAsync(key.StorageKey, bytes, mediaType, ct);
            return;
        }

        if (!redis.IsConfigured)
        {
            _memory.Set(key.RedisKey, bytes, new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = TimeSpan.FromHours(1) });
            return;
        }

        try
        {
            var db = (await redis.GetAsync()).GetDatabase();
            await db.StringSetAsync(key.RedisKey, bytes, options.Value.SmallResultExpiration).WaitAsync(RedisTimeout, ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // A result not cached is only work done again: the request still succeeds.
            LogRedisFailed(e);
        }
    }

    private async Task<byte[]?> GetSmallAsync(ResultKey key)
    {
        if (!redis.IsConfigured)
        {
            return _memory.Get<byte[]>(key.RedisKey);
        }

        try
        {
            var db = (await redis.GetAsync()).GetDatabase();
            var value = await db.StringGetAsync(key.RedisKey).WaitAsync(RedisTimeout);
            return value.HasValue ? (byte[]?)value : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisFailed(e);
            return null;
        }
    }

    public void Dispose() => _memory.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image result cache: Redis unavailable, treated as a miss")]
    private partial void LogRedisFailed(Exception exception);
}
