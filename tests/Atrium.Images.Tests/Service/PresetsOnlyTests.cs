using System.Net;
using Atrium.Testing;

namespace Atrium.Images.Tests.Service;

public sealed class PresetsOnlyTests(PresetsOnlyApp app) : IClassFixture<PresetsOnlyApp>
{
    [Fact]
    public async Task In_presets_only_mode_only_named_presets_are_served_even_when_signed()
    {
        var user = await app.RegisterAsync();
        var id = ((string)(await user.UploadImageAsync(TestImages.Jpeg(400, 300)))["id"]!).Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(app.Url("pr:avatar", id, "webp"))).StatusCode);
        var custom = await app.CreateClient().GetAsync(app.Url("rs:fit:50:50", id, "webp"));
        await custom.AssertErrorAsync(HttpStatusCode.Forbidden, "options");
    }
}
