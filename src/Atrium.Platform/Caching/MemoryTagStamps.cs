using System.Collections.Concurrent;
using System.Globalization;

namespace Atrium.Platform.Caching;

/// <summary>
/// Stamps for the embedded default (one process, no Redis): a counter per invalidated tag, 0 for a
/// tag never invalidated. It holds one entry per tag ever invalidated (a few dozen bytes each).
/// </summary>
internal sealed class MemoryTagStamps : ITagStamps
{
    private readonly ConcurrentDictionary<string, long> _stamps = new(StringComparer.Ordinal);
    private long _last;

    public ValueTask<string?> ReadAsync(IReadOnlyList<string> tags, CancellationToken ct)
    {
        var stamps = new string[tags.Count];
        for (var i = 0; i < tags.Count; i++)
        {
            stamps[i] = _stamps.GetValueOrDefault(tags[i]).ToString(CultureInfo.InvariantCulture);
        }

        return ValueTask.FromResult<string?>(string.Join('.', stamps));
    }

    public ValueTask<bool> InvalidateAsync(IReadOnlyList<string> tags, CancellationToken ct)
    {
        foreach (var tag in tags)
        {
            // A value no earlier read has seen: a process-wide counter only grows.
            _stamps[tag] = Interlocked.Increment(ref _last);
        }

        return ValueTask.FromResult(true);
    }
}
