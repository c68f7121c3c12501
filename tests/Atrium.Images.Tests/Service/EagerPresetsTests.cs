using System.Diagnostics;
using System.Net;
using Atrium.Images.Data;
using Atrium.Platform.Messaging;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Service;

/// <summary>Eager presets are rendered by a background job after upload; both steps publish events.</summary>
public sealed class EagerPresetsTests(EagerPresetsApp app) : IClassFixture<EagerPresetsApp>
{
    [Fact]
    public async Task An_upload_publishes_image_uploaded_and_its_eager_preset_is_rendered_before_anyone_asks()
    {
        var telemetry = app.Services.GetRequiredService<ImagesTelemetry>();
        var user = await app.RegisterAsync();
        var image = await user.UploadImageAsync(TestImages.Jpeg(640, 480));
        var id = Guid.Parse((string)image["id"]!);

        var events = await WaitForEventsAsync(id, "ImageUploaded", "ImageProcessed");
        Assert.Contains(events, e => e.Type == "ImageProcessed" && e.Payload.Contains("\"preset\":\"thumb\"", StringComparison.Ordinal));

        // The job filled the cache: the preset's URL (as the metadata hands it out) does no processing.
        var processed = telemetry.ProcessedCount;
        var thumb = await app.CreateClient().GetAsync((string)image["presets"]!["thumb"]!);
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal(processed, telemetry.ProcessedCount);
        using var decoded = TestImages.Decode(await thumb.Content.ReadAsByteArrayAsync());
        Assert.Equal((300, 300), (decoded.Width, decoded.Height));
    }

    private async Task<List<OutboxMessage>> WaitForEventsAsync(Guid imageId, params string[] types)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ImagesDbContext>();
            var events = (await db.Set<OutboxMessage>().AsNoTracking().ToListAsync())
                .Where(m => m.Payload.Contains(imageId.ToString(), StringComparison.Ordinal)).ToList();
            if (types.All(t => events.Any(e => e.Type == t)))
            {
                return events;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"events so far: {string.Join(", ", events.Select(e => e.Type))}");
            await Task.Delay(100);
        }
    }
}
