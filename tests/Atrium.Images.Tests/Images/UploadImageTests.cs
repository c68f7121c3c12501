using System.Net;
using System.Text;
using Atrium.Testing;

namespace Atrium.Images.Tests.Images;

/// <summary>Uploads, metadata, originals and deletes, on each database.</summary>
public abstract class UploadImageTests(AtriumApp app)
{
    [Fact]
    public async Task Upload_answers_201_with_metadata_detected_from_the_bytes()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.Png(120, 80);
        // Named and labelled as a JPEG: the bytes say PNG, and that is what counts.
        var response = await user.Client().UploadAsync(bytes, "photo.jpg", "image/jpeg");
        var image = (await response.JsonAsync(HttpStatusCode.Created))["image"]!;

        Assert.Equal("png", (string?)image["format"]);
        Assert.Equal(120, (int)image["width"]!);
        Assert.Equal(80, (int)image["height"]!);
        Assert.Equal(1, (int)image["frames"]!);
        Assert.Equal(64, ((string)image["contentHash"]!).Length);
        Assert.EndsWith($"/api/images/{image["id"]}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("/img/", (string?)image["presets"]!["thumb"], StringComparison.Ordinal);

        var fetched = (await (await user.Client().GetAsync($"/api/images/{image["id"]}")).JsonAsync(HttpStatusCode.OK))["image"]!;
        Assert.Equal((string?)image["contentHash"], (string?)fetched["contentHash"]);
    }

    [Fact]
    public async Task The_same_bytes_twice_from_one_user_are_one_image_but_another_user_gets_their_own()
    {
        var user = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        var bytes = TestImages.Jpeg(64, 64);

        var first = await user.UploadImageAsync(bytes);
        var again = (await (await user.Client().UploadAsync(bytes)).JsonAsync(HttpStatusCode.OK))["image"]!;
        var theirs = await other.UploadImageAsync(bytes);

        Assert.Equal((string?)first["id"], (string?)again["id"]);
        Assert.NotEqual((string?)first["id"], (string?)theirs["id"]);
    }

    [Theory]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")]
    [InlineData("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")]
    public async Task A_document_renamed_jpg_is_refused_as_an_unsupported_type(string content)
    {
        var user = await app.RegisterAsync();
        var response = await user.Client().UploadAsync(Encoding.ASCII.GetBytes(content), "photo.jpg", "image/jpeg");
        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "file");
    }

    [Fact]
    public async Task Webp_avif_and_tiff_uploads_are_read_and_heic_is_refused_by_name()
    {
        var user = await app.RegisterAsync();
        foreach (var (bytes, format) in new[]
        {
            (TestImages.Webp(50, 40), "webp"),
            (TestImages.Detailed(50, 40).HeifsaveBuffer(compression: NetVips.Enums.ForeignHeifCompression.Av1), "avif"),
            (TestImages.Detailed(50, 40).TiffsaveBuffer(), "tiff"),
        })
        {
            var image = (await (await user.Client().UploadAsync(bytes, "x.bin", "application/octet-stream")).JsonAsync(HttpStatusCode.Created))["image"]!;
            Assert.Equal(format, (string?)image["format"]);
            Assert.Equal(50, (int)image["width"]!);
        }

        // The ISO-BMFF header of a HEIC file: recognised, and refused with a reason.
        byte[] heic = [0, 0, 0, 24, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0, .. "mif1heic"u8.ToArray(), .. new byte[64]];
        var refused = await (await user.Client().UploadAsync(heic, "photo.heic", "image/heic")).JsonAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("HEIC", (string?)refused["errors"]!["file"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_image_is_refused_not_stored()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.Jpeg(400, 300);
        var response = await user.Client().UploadAsync(bytes[..(bytes.Length / 2)]);
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "file");
    }

    [Fact]
    public async Task A_png_declaring_100k_by_100k_pixels_is_refused_from_its_header()
    {
        var user = await app.RegisterAsync();
        var response = await user.Client().UploadAsync(TestImages.PngBomb(), "bomb.png", "image/png");
        var json = await response.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("10000000000 pixels", (string?)json["errors"]!["file"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_frames_and_too_many_bytes_are_refused()
    {
        var user = await app.RegisterAsync();
        var frames = await user.Client().UploadAsync(TestImages.AnimatedGif(ImagesTestSettings.MaxFrames + 1), "anim.gif", "image/gif");
        await frames.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "file");

        var allowed = (await (await user.Client().UploadAsync(TestImages.AnimatedGif(ImagesTestSettings.MaxFrames), "anim.gif", "image/gif")).JsonAsync(HttpStatusCode.Created))["image"]!;
        Assert.Equal(ImagesTestSettings.MaxFrames, (int)allowed["frames"]!);

        var huge = new byte[ImagesTestSettings.MaxUploadBytes + 1];
        TestImages.Jpeg(16, 16).CopyTo(huge, 0);
        var tooBig = await user.Client().UploadAsync(huge);
        await tooBig.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "file", $"is larger than {ImagesTestSettings.MaxUploadBytes} bytes");
    }

    [Fact]
    public async Task Exif_is_stripped_from_the_stored_original_unless_asked_to_keep_it()
    {
        var user = await app.RegisterAsync();
        var stripped = await user.UploadImageAsync(TestImages.JpegWithExif("GPS-SECRET-48.85N"));
        var original = await (await user.Client().GetAsync($"/api/images/{stripped["id"]}/original")).Content.ReadAsByteArrayAsync();
        Assert.Equal("jpeg", TestImages.Format(original));
        Assert.DoesNotContain("GPS-SECRET", Encoding.ASCII.GetString(original), StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", Encoding.ASCII.GetString(original), StringComparison.Ordinal);
        Assert.Equal(64, TestImages.Decode(original).Width);

        var kept = (await (await user.Client().UploadAsync(TestImages.JpegWithExif("GPS-KEPT"), query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.Created))["image"]!;
        var keptBytes = await (await user.Client().GetAsync($"/api/images/{kept["id"]}/original")).Content.ReadAsByteArrayAsync();
        Assert.Contains("GPS-KEPT", Encoding.ASCII.GetString(keptBytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_bytes_stripped_then_kept_are_two_images_each_stored_as_asked()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.JpegWithExif("GPS-VARIANT-52.52N");

        var stripped = (await (await user.Client().UploadAsync(bytes)).JsonAsync(HttpStatusCode.Created))["image"]!;
        var kept = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.Created))["image"]!;

        Assert.NotEqual((string?)stripped["id"], (string?)kept["id"]);
        Assert.Equal((string?)stripped["contentHash"], (string?)kept["contentHash"]);
        Assert.False((bool)stripped["metadataKept"]!);
        Assert.True((bool)kept["metadataKept"]!);
        Assert.DoesNotContain("GPS-VARIANT", await OriginalTextAsync(user, stripped), StringComparison.Ordinal);
        Assert.Contains("GPS-VARIANT", await OriginalTextAsync(user, kept), StringComparison.Ordinal);
        var fetched = (await (await user.Client().GetAsync($"/api/images/{kept["id"]}")).JsonAsync(HttpStatusCode.OK))["image"]!;
        Assert.True((bool)fetched["metadataKept"]!);
    }

    [Fact]
    public async Task The_same_bytes_kept_then_stripped_never_answer_the_kept_original()
    {
        // The privacy direction: asking for stripping must not hand back the copy that kept the GPS position.
        var user = await app.RegisterAsync();
        var bytes = TestImages.JpegWithExif("GPS-PRIVATE-48.85N");

        var kept = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.Created))["image"]!;
        var stripped = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=false")).JsonAsync(HttpStatusCode.Created))["image"]!;

        Assert.NotEqual((string?)kept["id"], (string?)stripped["id"]);
        Assert.False((bool)stripped["metadataKept"]!);
        Assert.DoesNotContain("GPS-PRIVATE", await OriginalTextAsync(user, stripped), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_bytes_with_the_same_metadata_choice_twice_are_one_image()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.JpegWithExif("GPS-TWICE");

        var kept = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.Created))["image"]!;
        var keptAgain = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.OK))["image"]!;
        var stripped = (await (await user.Client().UploadAsync(bytes)).JsonAsync(HttpStatusCode.Created))["image"]!;
        var strippedAgain = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=false")).JsonAsync(HttpStatusCode.OK))["image"]!;

        Assert.Equal((string?)kept["id"], (string?)keptAgain["id"]);
        Assert.True((bool)keptAgain["metadataKept"]!);
        Assert.Equal((string?)stripped["id"], (string?)strippedAgain["id"]);
        Assert.False((bool)strippedAgain["metadataKept"]!);
    }

    [Fact]
    public async Task An_oriented_jpeg_kept_or_stripped_reports_and_renders_as_it_is_shown()
    {
        // 64x48 pixels tagged "rotate 90" are shown 48x64. Stripping turns the pixels at upload; keeping
        // stores the tag and the sideways pixels. Either way the metadata and every transform, resized or
        // not, see the upright 48x64 image. The two still have results of their own (different originals).
        var user = await app.RegisterAsync();
        var bytes = TestImages.JpegWithOrientation(64, 48);
        var stripped = (await (await user.Client().UploadAsync(bytes)).JsonAsync(HttpStatusCode.Created))["image"]!;
        var kept = (await (await user.Client().UploadAsync(bytes, query: "?keepMetadata=true")).JsonAsync(HttpStatusCode.Created))["image"]!;

        var etags = new List<string>();
        foreach (var image in new[] { stripped, kept })
        {
            Assert.Equal((48, 64), ((int)image["width"]!, (int)image["height"]!));
            foreach (var (options, size) in new[] { ("gs", (48, 64)), ("c:48:32:no", (48, 32)), ("rs:fit:24:24", (18, 24)), ("rot:90", (64, 48)) })
            {
                var rendered = await app.CreateClient().GetAsync(app.Url(options, (string)image["id"]!, "png"));
                Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
                using var result = TestImages.Decode(await rendered.Content.ReadAsByteArrayAsync());
                Assert.Equal(size, (result.Width, result.Height));
                if (options == "gs")
                {
                    etags.Add(rendered.Headers.ETag!.Tag);
                }
            }
        }

        Assert.NotEqual(etags[0], etags[1]);
    }

    private static async Task<string> OriginalTextAsync(TestUser user, System.Text.Json.Nodes.JsonNode image)
    {
        var response = await user.Client().GetAsync($"/api/images/{image["id"]}/original");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Only_the_owner_reads_or_deletes_an_image_and_a_deleted_image_is_gone_everywhere()
    {
        var owner = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        var image = await owner.UploadImageAsync(TestImages.Png(40, 40));
        var id = (string)image["id"]!;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client().GetAsync($"/api/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client().GetAsync($"/api/images/{id}/original")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client().DeleteAsync($"/api/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client().GetAsync($"/api/images/{id}/original")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(app.Url("rs:fit:20:20", id))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client().DeleteAsync($"/api/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client().GetAsync($"/api/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(app.Url("rs:fit:20:20", id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client().DeleteAsync($"/api/images/{id}")).StatusCode);
    }

    [Fact]
    public async Task Uploading_needs_a_signed_in_user_and_a_file_part()
    {
        var anonymous = await app.CreateClient().UploadAsync(TestImages.Png(8, 8));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var user = await app.RegisterAsync();
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var missing = await user.Client().PostAsync("/api/images", empty);
        await missing.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "file");
    }
}

public sealed class UploadImageTests_Sqlite(ImagesSqliteApp app) : UploadImageTests(app), IClassFixture<ImagesSqliteApp>;

public sealed class UploadImageTests_Postgres(ImagesPostgresApp app) : UploadImageTests(app), IClassFixture<ImagesPostgresApp>;
