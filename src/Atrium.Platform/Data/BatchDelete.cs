using System.Linq.Expressions;

namespace Atrium.Platform.Data;

/// <summary>
/// Deletes every row of a filtered query a batch at a time — the retention jobs' shape: one statement
/// over a large backlog would hold a long write lock (SQLite) or bloat one transaction (PostgreSQL).
/// Each batch is read by key, then deleted by key <em>and</em> the query's own condition, so a row
/// that stopped matching between the two (a guest list used meanwhile) stays.
/// </summary>
public static class BatchDelete
{
    /// <summary>Batches in key order: right when the key follows the filter (time-ordered Guid v7 ids).</summary>
    public static Task<int> DeleteInBatchesAsync<T, TKey>(
        this IQueryable<T> rows, Expression<Func<T, TKey>> key, int batchSize, CancellationToken ct)
        where T : class =>
        rows.DeleteInBatchesAsync(key, key, batchSize, ct);

    /// <summary>
    /// Batches in <paramref name="order"/>: the column the filter's index has (a guest list's last use),
    /// so each batch is read along that index instead of sorting every matching row by key.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync<T, TKey, TOrder>(
        this IQueryable<T> rows, Expression<Func<T, TKey>> key, Expression<Func<T, TOrder>> order, int batchSize, CancellationToken ct)
        where T : class
    {
        List<TKey> batch = [];
        // The list is read through the closure, so EF sends it as a parameter: one cached query, not one per batch.
        Expression<Func<List<TKey>>> current = () => batch;
        var inBatch = Expression.Lambda<Func<T, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], current.Body, key.Body),
            key.Parameters);
        var deleted = 0;
        while (true)
        {
            batch = await rows.AsNoTracking().OrderBy(order).Select(key).Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await rows.Where(inBatch).ExecuteDeleteAsync(ct);
        }
    }
}
