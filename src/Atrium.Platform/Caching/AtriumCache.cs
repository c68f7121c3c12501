using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Caching;

/// <summary>
/// The platform cache: <see cref="HybridCache"/> (memory, plus Redis when configured) with tag
/// invalidation that holds across instances. A read that starts after a write's invalidation
/// returned never sees what was cached before it.
/// </summary>
/// <remarks>
/// How: every read names the tags its value depends on; the key it looks up is its own key plus
/// the tags' current stamps (<see cref="ITagStamps"/>: one Redis round trip, or in-process without
/// Redis). A write, after it commits, gives its tags new stamps; from then on every instance builds
/// new keys and misses, so old entries, in any instance's memory or in Redis, are never read again
/// and simply expire. A read racing the write may store the old value, but under the old stamp.
/// HybridCache's own RemoveByTagAsync is not used: it only clears the local instance.
/// When the stamps can't be read (Redis down), reads go to the database.
/// </remarks>
public sealed class AtriumCache
{
    private readonly HybridCache _cache;
    private readonly ITagStamps _stamps;
    private readonly PendingInvalidations _pending;
    private readonly IServiceScopeFactory _scopes;
    private readonly bool _enabled;
    private readonly HybridCacheEntryOptions _entryOptions;
    private readonly CacheMetrics _metrics;

    internal AtriumCache(
        HybridCache cache, ITagStamps stamps, PendingInvalidations pending, IServiceScopeFactory scopes, IOptions<CacheOptions> options, CacheMetrics metrics)
    {
        _metrics = metrics;
        _cache = cache;
        _stamps = stamps;
        _pending = pending;
        _scopes = scopes;
        _enabled = options.Value.Enabled;
        _entryOptions = new HybridCacheEntryOptions
        {
            Expiration = options.Value.Expiration,
            LocalCacheExpiration = options.Value.LocalExpiration,
        };
    }

    /// <summary>
    /// The value cached under <paramref name="key"/> for the current stamps of <paramref name="tags"/>,
    /// or what <paramref name="read"/> returns (cached unless null: a miss is not remembered).
    /// </summary>
    /// <remarks>
    /// <paramref name="read"/> gets its own service scope: HybridCache hands one fill to every
    /// concurrent caller of the key and may finish it after the request that started it has ended,
    /// so it must not use that request's DbContext. Cached types should be sealed records marked
    /// <c>[ImmutableObject(true)]</c> (HybridCache then shares one instance instead of deserializing
    /// each hit) and must be in their module's JsonSerializerContext.
    /// </remarks>
    public async ValueTask<T?> GetOrCreateAsync<T>(
        string key, IReadOnlyList<string> tags, Func<IServiceProvider, CancellationToken, ValueTask<T?>> read, CancellationToken ct)
        where T : class
    {
        // While an invalidation of ours is undelivered, our own readers must not trust the stamps.
        var stamps = _enabled && !_pending.Any ? await _stamps.ReadAsync(tags, ct) : null;
        if (stamps is null)
        {
            _metrics.Record(CacheResult.Bypass);
            return await ReadAsync(read, ct);
        }

        // The fill runs only on a miss (and only for one of concurrent callers of a key: the others share it, as hits).
        var filled = new StrongBox<bool>();
        try
        {
            var value = await _cache.GetOrCreateAsync(
                $"{key}|{stamps}", (cache: this, read, filled),
                static async (state, token) =>
                {
                    state.filled.Value = true;
                    return await state.cache.ReadAsync(state.read, token) ?? throw new NotCachedException();
                },
                _entryOptions, cancellationToken: ct);
            _metrics.Record(filled.Value ? CacheResult.Miss : CacheResult.Hit);
            return value;
        }
        catch (NotCachedException)
        {
            _metrics.Record(CacheResult.Miss);
            return null;
        }
    }

    /// <summary>
    /// Call after the write has committed, with every tag whose reads it changed. Not cancellable
    /// on purpose: a write whose client went away still committed, and must still invalidate.
    /// </summary>
    public async ValueTask InvalidateAsync(params IReadOnlyList<string> tags)
    {
        if (_enabled && !await _stamps.InvalidateAsync(tags, CancellationToken.None))
        {
            _pending.Add(tags);
        }
    }

    private async ValueTask<T?> ReadAsync<T>(Func<IServiceProvider, CancellationToken, ValueTask<T?>> read, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider, ct);
    }

    /// <summary>Aborts a fill whose result is not to be cached; HybridCache stores nothing when the fill throws.</summary>
    private sealed class NotCachedException : Exception;
}
