using Atrium.Platform.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Platform.Caching;

/// <summary>
/// Stamps shared by every instance, kept in Redis: a read fetches all the stamps it needs in one
/// round trip (one script), an invalidation deletes them (one DEL). Redis executes commands one at
/// a time, so a read that starts after an invalidation returned sees the new stamps.
/// </summary>
/// <remarks>
/// A missing stamp (never set, deleted by an invalidation, evicted, or lost when Redis restarted
/// empty) is replaced by a fresh random one, never by a fixed "zero": an instance may still hold
/// entries keyed with a stamp from before the loss in memory, and a fresh random stamp can't match them.
/// </remarks>
internal sealed partial class RedisTagStamps(RedisConnection redis, IOptions<CacheOptions> options, ILogger<RedisTagStamps> logger)
    : ITagStamps
{
    // The hash tag keeps every stamp in one cluster slot, so one script may read several.
    private const string KeyPrefix = "{atrium-cache}:stamp:";

    private const string ReadScript = """
        local stamps = {}
        for i, key in ipairs(KEYS) do
          local stamp = redis.call('GET', key)
          if not stamp then
            stamp = ARGV[i + 1]
            redis.call('SET', key, stamp, 'PX', ARGV[1])
          end
          stamps[i] = stamp
        end
        return stamps
        """;

    private readonly TimeSpan _timeout = options.Value.RedisTimeout;
    private readonly TimeSpan _stampLifetime = options.Value.Expiration * 2;
    private int _unavailable;

    public async ValueTask<string?> ReadAsync(IReadOnlyList<string> tags, CancellationToken ct)
    {
        try
        {
            var stamps = await ReadCoreAsync(tags).WaitAsync(_timeout, ct);
            if (stamps is null)
            {
                Unavailable(exception: null);
                return null;
            }

            Recovered();
            return stamps;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unavailable(e);
            return null;
        }
    }

    public async ValueTask<bool> InvalidateAsync(IReadOnlyList<string> tags, CancellationToken ct)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(_timeout, ct);
            if (!multiplexer.IsConnected)
            {
                // Fail fast rather than wait in the reconnect backlog; the caller retries in the background.
                Unavailable(exception: null);
                return false;
            }

            var keys = new RedisKey[tags.Count];
            for (var i = 0; i < tags.Count; i++)
            {
                keys[i] = KeyPrefix + tags[i];
            }

            await multiplexer.GetDatabase().KeyDeleteAsync(keys).WaitAsync(_timeout, ct);
            Recovered();
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unavailable(e);
            return false;
        }
    }

    private async Task<string?> ReadCoreAsync(IReadOnlyList<string> tags)
    {
        var multiplexer = await redis.GetAsync();
        if (!multiplexer.IsConnected)
        {
            // Don't queue behind a reconnect: the database answers now.
            return null;
        }

        // A stamp outlives every entry keyed with it, then expires: a lookup of any made-up slug
        // must not leave a key in Redis for ever (a stamp lost early only costs a miss).
        var keys = new RedisKey[tags.Count];
        var args = new RedisValue[tags.Count + 1];
        args[0] = (long)_stampLifetime.TotalMilliseconds;
        for (var i = 0; i < tags.Count; i++)
        {
            keys[i] = KeyPrefix + tags[i];
            args[i + 1] = Guid.NewGuid().ToString("N");
        }

        var result = await multiplexer.GetDatabase().ScriptEvaluateAsync(ReadScript, keys, args);
        return string.Join('.', (string[])result!);
    }

    private void Unavailable(Exception? exception)
    {
        // Log the change, not every request that finds Redis down.
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            LogUnavailable(logger, exception);
        }
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _unavailable) == 1 && Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            LogRecovered(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache stamps in Redis are unreachable: reads go to the database until Redis answers again")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache stamps in Redis are reachable again")]
    private static partial void LogRecovered(ILogger logger);
}
