namespace Atrium.Platform.Caching;

/// <summary>
/// The current stamp of each cache tag. A cached read's key carries the stamps of the tags it
/// depends on; invalidating a tag gives it a new stamp, so every key built before is never asked
/// for again. Two implementations: in-process (one instance, no Redis) and Redis (shared).
/// </summary>
internal interface ITagStamps
{
    /// <returns>The tags' stamps joined into one string, or null when they cannot be read now (then nothing may come from the cache).</returns>
    ValueTask<string?> ReadAsync(IReadOnlyList<string> tags, CancellationToken ct);

    /// <returns>False when the stamps could not be changed (Redis unreachable).</returns>
    ValueTask<bool> InvalidateAsync(IReadOnlyList<string> tags, CancellationToken ct);
}
