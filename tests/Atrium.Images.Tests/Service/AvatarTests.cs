using System.Net;
using Atrium.Testing;

namespace Atrium.Images.Tests.Service;

/// <summary>The blog's avatar through the image service: PUT /api/user with an image id; the RealWorld shape is unchanged.</summary>
public sealed class AvatarTests(ImagesSqliteApp app) : IClassFixture<ImagesSqliteApp>
{
    [Fact]
    public async Task An_uploaded_image_id_becomes_the_avatar_preset_url()
    {
        var user = await app.RegisterAsync();
        var image = await user.UploadImageAsync(TestImages.Jpeg(400, 300));

        var updated = await (await user.Client().PutJsonAsync("/api/user", new { user = new { image = (string)image["id"]! } })).JsonAsync(HttpStatusCode.OK);
        var url = (string)updated["user"]!["image"]!;
        Assert.StartsWith("http://localhost/img/", url, StringComparison.Ordinal);
        Assert.Contains("/pr:avatar/", url, StringComparison.Ordinal);

        var profile = await (await app.CreateClient().GetAsync($"/api/profiles/{user.Username}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(url, (string?)profile["profile"]!["image"]);

        var avatar = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, avatar.StatusCode);
        var bytes = await avatar.Content.ReadAsByteArrayAsync();
        Assert.Equal("webp", TestImages.Format(bytes));
        using var decoded = TestImages.Decode(bytes);
        Assert.Equal((256, 256), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Someone_elses_image_is_refused_and_a_plain_url_is_kept_as_given()
    {
        var owner = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        var image = await owner.UploadImageAsync(TestImages.Png(64, 64));

        var refused = await other.Client().PutJsonAsync("/api/user", new { user = new { image = (string)image["id"]! } });
        await refused.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "image");

        var plain = await (await other.Client().PutJsonAsync("/api/user", new { user = new { image = "https://example.com/me.png" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("https://example.com/me.png", (string?)plain["user"]!["image"]);
    }
}
