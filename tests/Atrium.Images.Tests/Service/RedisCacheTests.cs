using System.Net;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Atrium.Images.Tests.Service;

/// <summary>The result cache against a real Redis: small results there, large ones in storage.</summary>
public sealed class RedisCacheTests(RedisCacheApp app) : IClassFixture<RedisCacheApp>
{
    [Fact]
    public async Task Small_results_are_cached_in_redis_and_large_ones_in_storage_and_both_are_hits()
    {
        var telemetry = app.Services.GetRequiredService<ImagesTelemetry>();
        var user = await app.RegisterAsync();
        var image = await user.UploadImageAsync(TestImages.Jpeg(800, 600));
        var id = ((string)image["id"]!).Replace("-", "", StringComparison.Ordinal);
        var hash = (string)image["contentHash"]!;

        var small = await GetAsync(app.Url("rs:fit:16:16", id, "webp"));
        var large = await GetAsync(app.Url("rs:fit:400:400", id, "png"));
        Assert.True(small.Length <= RedisCacheApp.SmallResultBytes && large.Length > RedisCacheApp.SmallResultBytes);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.Redis);
        var server = redis.GetServers()[0];
        var database = ConfigurationOptions.Parse(app.Redis).DefaultDatabase ?? 0;
        var keys = server.Keys(database, $"atrium:images:result:{hash}:*").ToList();
        var stored = Assert.Single(keys);
        Assert.Equal(small, (byte[]?)await redis.GetDatabase(database).StringGetAsync(stored));
        Assert.True(await redis.GetDatabase(database).KeyTimeToLiveAsync(stored) > TimeSpan.FromDays(1));

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "images", "results", hash));
        Assert.Equal(large, await File.ReadAllBytesAsync(Assert.Single(files)));

        var processed = telemetry.ProcessedCount;
        Assert.Equal(small, await GetAsync(app.Url("rs:fit:16:16", id, "webp")));
        Assert.Equal(large, await GetAsync(app.Url("rs:fit:400:400", id, "png")));
        Assert.Equal(processed, telemetry.ProcessedCount);
    }

    private async Task<byte[]> GetAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
