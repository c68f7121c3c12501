using System.Net;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Transforms;

/// <summary>Transforms by signed URL: geometry, filters, formats, signatures, limits and the cache.</summary>
public sealed class RenderImageTests(ImagesSqliteApp app) : IClassFixture<ImagesSqliteApp>
{
    private ImagesTelemetry Telemetry => app.Services.GetRequiredService<ImagesTelemetry>();

    [Theory]
    [InlineData("rs:fit:200:200", 200, 150)]
    [InlineData("rs:fit:100:0", 100, 75)]
    [InlineData("rs:fill:200:200", 200, 200)]
    [InlineData("rs:fill:200:200/sm", 200, 200)]
    [InlineData("rs:force:123:45", 123, 45)]
    [InlineData("rs:fit:1000:1000", 800, 600)]
    [InlineData("c:100:50:nowe", 100, 50)]
    [InlineData("c:10:20:300:200/rs:fit:150:0", 150, 100)]
    [InlineData("rot:90/rs:fit:300:300", 225, 300)]
    public async Task Output_has_the_requested_dimensions(string options, int width, int height)
    {
        var id = await UploadAsync(TestImages.Jpeg(800, 600));
        var bytes = await GetBytesAsync(app.Url(options, id, "png"));
        using var image = TestImages.Decode(bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("jpg", "jpeg", "image/jpeg")]
    [InlineData("png", "png", "image/png")]
    [InlineData("webp", "webp", "image/webp")]
    [InlineData("avif", "avif", "image/avif")]
    public async Task The_extension_chooses_the_format(string extension, string magic, string mediaType)
    {
        var id = await UploadAsync(TestImages.Png(64, 64));
        var response = await app.CreateClient().GetAsync(app.Url("rs:fit:32:32", id, extension));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(magic, TestImages.Format(await response.Content.ReadAsByteArrayAsync()));
        Assert.DoesNotContain("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("image/avif,image/webp,*/*", "avif")]
    [InlineData("image/webp,*/*", "webp")]
    [InlineData("*/*", "jpeg")]
    public async Task Without_an_extension_the_format_follows_accept_and_varies_by_it(string accept, string magic)
    {
        var id = await UploadAsync(TestImages.Jpeg(64, 64));
        var request = new HttpRequestMessage(HttpMethod.Get, app.Url("rs:fit:32:32", id, ""));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(magic, TestImages.Format(await response.Content.ReadAsByteArrayAsync()));
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Grayscale_makes_every_channel_equal()
    {
        var id = await UploadAsync(TestImages.Jpeg(200, 100));
        using var colour = TestImages.Decode(await GetBytesAsync(app.Url("-", id, "png")));
        Assert.True(colour[0].Subtract(colour[1]).Abs().Max() > 10, "the source is not grey already");

        using var grey = TestImages.Decode(await GetBytesAsync(app.Url("gs", id, "jpg"))).Colourspace(NetVips.Enums.Interpretation.Srgb);
        Assert.Equal(3, grey.Bands);
        Assert.Equal(0, grey[0].Subtract(grey[1]).Abs().Max());
        Assert.Equal(0, grey[1].Subtract(grey[2]).Abs().Max());
    }

    [Fact]
    public async Task Blur_drops_the_variance_of_a_noisy_image_and_sharpen_does_not()
    {
        var id = await UploadAsync(TestImages.Png(200, 200));
        var sharp = TestImages.Variance(await GetBytesAsync(app.Url("-", id, "png")));
        var blurred = TestImages.Variance(await GetBytesAsync(app.Url("bl:4", id, "png")));
        var sharpened = TestImages.Variance(await GetBytesAsync(app.Url("sh:2", id, "png")));
        Assert.True(blurred < sharp / 4, $"variance {sharp} -> {blurred} after blur");
        Assert.True(sharpened >= sharp * 0.9, $"variance {sharp} -> {sharpened} after sharpen");
    }

    [Fact]
    public async Task Crops_take_the_region_asked_for()
    {
        // Left half red, right half blue.
        var id = await UploadAsync(TestImages.RedBluePng(200, 100));
        using var west = TestImages.Decode(await GetBytesAsync(app.Url("c:50:50:we", id, "png")));
        using var east = TestImages.Decode(await GetBytesAsync(app.Url("c:50:50:ea", id, "png")));
        using var rectangle = TestImages.Decode(await GetBytesAsync(app.Url("c:150:10:40:30", id, "png")));
        using var flipped = TestImages.Decode(await GetBytesAsync(app.Url("c:50:50:we/fl:h", id, "png")));

        Assert.Equal(new[] { 255.0, 0, 0 }, west.Getpoint(10, 10));
        Assert.Equal(new[] { 0.0, 0, 255 }, east.Getpoint(10, 10));
        Assert.Equal((40, 30), (rectangle.Width, rectangle.Height));
        Assert.Equal(new[] { 0.0, 0, 255 }, rectangle.Getpoint(5, 5));
        Assert.Equal(new[] { 255.0, 0, 0 }, flipped.Getpoint(10, 10));
    }

    [Fact]
    public async Task A_preset_is_its_options()
    {
        var id = await UploadAsync(TestImages.Jpeg(800, 600));
        using var thumb = TestImages.Decode(await GetBytesAsync(app.Url("pr:thumb", id, "webp")));
        Assert.Equal((300, 300), (thumb.Width, thumb.Height));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.CreateClient().GetAsync(app.Url("pr:nope", id, "webp"))).StatusCode);
    }

    [Fact]
    public async Task Unsigned_or_wrongly_signed_urls_are_forbidden_and_any_configured_key_signs()
    {
        var id = await UploadAsync(TestImages.Png(32, 32));
        var client = app.CreateClient();
        var good = app.Url("rs:fit:16:16", id, "png");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(good)).StatusCode);

        var otherKey = Convert.ToBase64String(new byte[32]);
        var forged = ImagesApi.Url(otherKey, "rs:fit:16:16", $"{id}.png");
        var tampered = good.Replace("rs:fit:16:16", "rs:fit:17:16", StringComparison.Ordinal);
        foreach (var url in new[] { forged, tampered, $"/img/unsigned/rs:fit:16:16/{id}.png", $"/img/_/rs:fit:16:16/{id}.png" })
        {
            var response = await client.GetAsync(url);
            await response.AssertErrorAsync(HttpStatusCode.Forbidden, "signature");
        }

        // A second key, as during a rotation: URLs signed with either are served.
        using var rotated = app.WithWebHostBuilder(b => b.UseSetting("Atrium:Images:SigningKeys:1", otherKey));
        Assert.Equal(HttpStatusCode.OK, (await rotated.CreateClient().GetAsync(forged)).StatusCode);
    }

    [Theory]
    [InlineData("bl:500", "blur sigma")]
    [InlineData("rs:fit:99999:10", "width and height")]
    [InlineData("rs:stretch:10:10", "resize mode")]
    [InlineData("q:0", "quality")]
    [InlineData("rot:45", "rotation")]
    [InlineData("c:5000:5000:10:10", "outside")]
    [InlineData("wat", "unknown option")]
    public async Task Options_out_of_range_are_422_with_a_clear_message(string options, string message)
    {
        var id = await UploadAsync(TestImages.Png(32, 32));
        var json = await (await app.CreateClient().GetAsync(app.Url(options, id, "png"))).JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(message, (string?)json["errors"]!["options"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_request_is_a_cache_hit_with_etag_immutable_caching_and_304()
    {
        var id = await UploadAsync(TestImages.Jpeg(300, 200));
        var client = app.CreateClient();
        var url = app.Url("rs:fit:100:100/gs", id, "webp");

        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;
        var processed = Telemetry.ProcessedCount;

        // The same transform written differently: one cache entry, no processing.
        var equivalent = await client.GetAsync(app.Url("gs/rs:fit:100:100/rot:0", id, "webp"));
        Assert.Equal(HttpStatusCode.OK, equivalent.StatusCode);
        Assert.Equal(etag, equivalent.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await equivalent.Content.ReadAsByteArrayAsync());
        Assert.Equal(processed, Telemetry.ProcessedCount);

        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var any = new HttpRequestMessage(HttpMethod.Get, url);
        any.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(any)).StatusCode);
        Assert.Equal(processed, Telemetry.ProcessedCount);
    }

    [Fact]
    public async Task Concurrent_identical_misses_are_processed_once()
    {
        var id = await UploadAsync(TestImages.Jpeg(1600, 1200));
        var before = Telemetry.ProcessedCount;
        var url = app.Url("rs:fit:400:400/bl:3", id, "jpg");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.CreateClient().GetAsync(url)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 1, Telemetry.ProcessedCount);
    }

    [Fact]
    public async Task Unknown_images_and_formats_are_404_and_422()
    {
        var id = await UploadAsync(TestImages.Png(16, 16));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(app.Url("-", Guid.NewGuid().ToString("N"), "png"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.CreateClient().GetAsync(app.Url("-", id, "bmp"))).StatusCode);
    }

    private async Task<string> UploadAsync(byte[] bytes)
    {
        var user = await app.RegisterAsync();
        return ((string)(await user.UploadImageAsync(bytes))["id"]!).Replace("-", "", StringComparison.Ordinal);
    }

    private async Task<byte[]> GetBytesAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }
}
