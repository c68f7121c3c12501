using System.Collections.Concurrent;
using System.Diagnostics;
using Atrium.Platform.Caching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atrium.Platform.Tests.Caching;

/// <summary>The retry list for invalidations that could not reach Redis (pure logic; the Redis side is tested in the blog's cache tests).</summary>
public sealed class PendingInvalidationsTests
{
    [Fact]
    public async Task An_undelivered_invalidation_is_retried_until_it_lands_and_the_cache_is_bypassed_meanwhile()
    {
        var stamps = new FlakyStamps(failures: 2);
        var pending = new PendingInvalidations(stamps, NullLogger<PendingInvalidations>.Instance);
        pending.Add(["blog:tags", "blog:article:a"]);
        Assert.True(pending.Any);

        await pending.StartAsync(CancellationToken.None);
        try
        {
            var waited = Stopwatch.StartNew();
            while (pending.Any && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            Assert.False(pending.Any);
            Assert.Equal(["blog:article:a", "blog:tags"], stamps.Delivered.Order());
            Assert.True(stamps.Attempts >= 3);
        }
        finally
        {
            await pending.StopAsync(CancellationToken.None);
        }
    }

    private sealed class FlakyStamps(int failures) : ITagStamps
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentBag<string> Delivered { get; } = [];

        public ValueTask<string?> ReadAsync(IReadOnlyList<string> tags, CancellationToken ct) => ValueTask.FromResult<string?>(null);

        public ValueTask<bool> InvalidateAsync(IReadOnlyList<string> tags, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                return ValueTask.FromResult(false);
            }

            foreach (var tag in tags)
            {
                Delivered.Add(tag);
            }

            return ValueTask.FromResult(true);
        }
    }
}
