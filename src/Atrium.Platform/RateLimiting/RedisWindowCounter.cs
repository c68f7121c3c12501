using Atrium.Platform.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// Fixed-window counters in Redis, shared by every instance. One Lua script per decision reads the
/// count, refuses or adds, and starts the window's expiry, atomically: no two instances can both
/// take the last permit. A fixed window costs one key and one round trip; its known flaw (up to
/// twice the limit across a window boundary) does not matter for flood and brute-force limits.
/// </summary>
internal sealed partial class RedisWindowCounter(RedisConnection redis, IOptions<RateLimitOptions> options, ILogger<RedisWindowCounter> logger)
{
    private const string KeyPrefix = "atrium:ratelimit:";

    // KEYS[1] counter; ARGV limit, permits, window (ms). Returns {taken 1|0, ms until the window ends}.
    // Zero permits asks "is anything left?" without taking.
    private const string Script = """
        local limit = tonumber(ARGV[1])
        local permits = tonumber(ARGV[2])
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        if used + permits > limit or (permits == 0 and used >= limit) then
            return {0, redis.call('PTTL', KEYS[1])}
        end
        if permits > 0 then
            redis.call('INCRBY', KEYS[1], permits)
            if redis.call('PTTL', KEYS[1]) < 0 then
                redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
        end
        return {1, redis.call('PTTL', KEYS[1])}
        """;

    private int _degraded;

    /// <summary>The decision, or null when Redis cannot answer now: the caller then counts in memory.</summary>
    public async ValueTask<WindowDecision?> TryTakeAsync(string key, int permits, RateLimitTier tier, CancellationToken ct)
    {
        var connecting = redis.GetAsync();
        // Still connecting (the first attempt can take seconds): never make a request wait for it.
        if (!connecting.IsCompleted)
        {
            return null;
        }

        if (!connecting.IsCompletedSuccessfully || !(await connecting).IsConnected)
        {
            NoteUnavailable(connecting.Exception);
            return null;
        }

        try
        {
            var window = (long)tier.Window.TotalMilliseconds;
            var result = (RedisResult[]?)await (await connecting).GetDatabase()
                .ScriptEvaluateAsync(Script, [KeyPrefix + key], [tier.PermitLimit, permits, window])
                .WaitAsync(options.Value.RedisTimeout, ct);
            if (Interlocked.Exchange(ref _degraded, 0) == 1)
            {
                LogRestored();
            }

            var remaining = (long)result![1];
            return new WindowDecision((long)result[0] == 1, TimeSpan.FromMilliseconds(remaining > 0 ? remaining : window));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            NoteUnavailable(e);
            return null;
        }
    }

    private void NoteUnavailable(Exception? e)
    {
        // One warning per outage, not one per request.
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogUnavailable(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable for rate limits; each instance counts on its own until it returns")]
    private partial void LogUnavailable(Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back; rate limits are shared across instances again")]
    private partial void LogRestored();
}

internal sealed record WindowDecision(bool Taken, TimeSpan WindowEndsIn);
