using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Caching;

public sealed class CacheOptions
{
    public const string SectionName = "Atrium:Cache";

    /// <summary>Off: every read goes to the database (and invalidation is a no-op).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry lives in Redis (L2), and in memory when there is no Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Expiration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an entry lives in this process's memory (L1). Old entries are never read (see <see cref="AtriumCache"/>); this only bounds memory.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LocalExpiration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most this process's memory (L1) holds, in bytes of serialized entries. Keys carry caller
    /// input (list filters, offsets), so without a bound a crawler could grow the cache without end;
    /// at the bound, new entries are not kept locally and the oldest are compacted away.
    /// </summary>
    [Range(64 * 1024, long.MaxValue)]
    public long LocalSizeLimitBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How long a read waits for the tag stamps from Redis before it gives up and reads the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);
}
