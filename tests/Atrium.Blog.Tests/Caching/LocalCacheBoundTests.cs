using System.Net;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Tests.Caching;

/// <summary>
/// Cache keys carry caller input (list filters and offsets): a crawler walking them must not grow the
/// process's memory cache past <c>Atrium:Cache:LocalSizeLimitBytes</c>.
/// </summary>
public sealed class LocalCacheBoundTests(LocalCacheBoundTests.SmallCacheApp app) : IClassFixture<LocalCacheBoundTests.SmallCacheApp>
{
    private const long Limit = 64 * 1024;

    [Fact]
    public async Task Distinct_anonymous_list_queries_stay_within_the_local_size_limit()
    {
        var author = await app.RegisterAsync("prolific");
        for (var i = 0; i < 3; i++)
        {
            // Long titles make each cached page a few kilobytes.
            await author.CreateArticleAsync(title: $"{i} {new string('x', 240)}", tags: [.. Enumerable.Range(0, 20).Select(t => $"tag-{t}-{new string('y', 50)}")]);
        }

        var client = app.CreateClient();
        var cache = Assert.IsType<MemoryCache>(app.Services.GetRequiredService<IMemoryCache>());
        for (var limit = 3; limit <= 100; limit++)
        {
            for (var offset = 0; offset < 2; offset++)
            {
                // Every (limit, offset) is a new key holding the same articles: ~200 pages, far over the limit.
                var response = await client.GetAsync($"/api/articles?limit={limit}&offset={offset}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var size = cache.GetCurrentStatistics()!.CurrentEstimatedSize;
        Assert.NotNull(size);
        Assert.InRange(size.Value, 1, Limit);
        // Still a cache: the latest pages are served from it.
        Assert.True(cache.Count > 0);
    }

    public sealed class SmallCacheApp : SqliteApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Atrium:Cache:LocalSizeLimitBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Size statistics cost a little on every cache operation, so only this test turns them on.
            builder.ConfigureTestServices(services => services.Configure<MemoryCacheOptions>(o => o.TrackStatistics = true));
        }
    }
}
