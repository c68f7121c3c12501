using GraphQL.DataLoader;

namespace Atrium.Blog.GraphQL.Loading;

/// <summary>
/// Collects the keys every resolver of one execution level asks for, then fetches them with one
/// query when the executor first awaits a result (GraphQL.NET completes deferred
/// <see cref="IDataLoaderResult"/> nodes only after the whole level has resolved). One per request;
/// execution is serial, so no locking.
/// </summary>
internal sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetch, TValue missing)
    where TKey : notnull
{
    private readonly HashSet<TKey> pending = [];
    private readonly Dictionary<TKey, TValue> loaded = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        if (!loaded.ContainsKey(key))
        {
            pending.Add(key);
        }

        return new Deferred(this, key);
    }

    private async Task<TValue> GetAsync(TKey key, CancellationToken ct)
    {
        if (!loaded.ContainsKey(key) && pending.Count > 0)
        {
            TKey[] keys = [.. pending];
            pending.Clear();
            var rows = await fetch(keys, ct);
            foreach (var k in keys)
            {
                loaded[k] = rows.TryGetValue(k, out var value) ? value : missing;
            }
        }

        return loaded.TryGetValue(key, out var found) ? found : missing;
    }

    private sealed class Deferred(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await loader.GetAsync(key, cancellationToken);
    }
}
