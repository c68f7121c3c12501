using System.Net;
using Atrium.Images.Processing;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Images;

/// <summary>
/// Concurrent uploads of the same bytes, made to race for certain: the test holds the only processing
/// slot, so every request passes the dedupe lookup (no row yet) and waits in the queue; released, they
/// insert one after another and all but the first per metadata choice meet the unique index.
/// </summary>
public abstract class ConcurrentUploadTests(AtriumApp app)
{
    [Fact]
    public async Task Racing_uploads_of_the_same_bytes_end_as_one_image_per_metadata_choice()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.JpegWithExif("GPS-RACE");
        string[] queries = ["", "?keepMetadata=true", "", "?keepMetadata=true", "", "?keepMetadata=true"];
        var pool = app.Services.GetRequiredService<ProcessingPool>();

        Task<HttpResponseMessage>[] uploads;
        using (await PoolSlot.HoldAsync(app.Services))
        {
            uploads = [.. queries.Select(q => user.Client().UploadAsync(bytes, query: q))];
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (pool.Waiting < queries.Length)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{pool.Waiting} of {queries.Length} uploads reached the queue");
                Assert.DoesNotContain(uploads, u => u.IsCompleted);
                await Task.Delay(20);
            }
        }

        var responses = await Task.WhenAll(uploads);

        var images = new List<(string Query, HttpStatusCode Status, string Id, bool Kept)>();
        foreach (var (query, response) in queries.Zip(responses))
        {
            var status = response.StatusCode;
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"'{query}' answered {status}");
            var image = (await response.JsonAsync(status))["image"]!;
            images.Add((query, status, (string)image["id"]!, (bool)image["metadataKept"]!));
        }

        foreach (var choice in images.GroupBy(i => i.Query))
        {
            Assert.Single(choice.Select(i => i.Id).Distinct());
            Assert.Single(choice, i => i.Status == HttpStatusCode.Created);
            Assert.All(choice, i => Assert.Equal(choice.Key.Length > 0, i.Kept));
        }

        Assert.Equal(2, images.Select(i => i.Id).Distinct().Count());
        // The winners' originals are the ones stored (the losers deleted only their own objects).
        foreach (var image in images.DistinctBy(i => i.Id))
        {
            var original = await user.Client().GetAsync($"/api/images/{image.Id}/original");
            Assert.Equal(HttpStatusCode.OK, original.StatusCode);
            Assert.Equal(image.Kept, System.Text.Encoding.ASCII.GetString(await original.Content.ReadAsByteArrayAsync()).Contains("GPS-RACE", StringComparison.Ordinal));
        }
    }
}

public sealed class ConcurrentUploadTests_Sqlite(SingleSlotSqliteApp app) : ConcurrentUploadTests(app), IClassFixture<SingleSlotSqliteApp>;

public sealed class ConcurrentUploadTests_Postgres(SingleSlotPostgresApp app) : ConcurrentUploadTests(app), IClassFixture<SingleSlotPostgresApp>;
