using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atrium.Testing;
using Microsoft.Extensions.Options;

namespace Atrium.Images.Tests.Service;

/// <summary>The image service as its own deployable: Atrium.Images.Server with the platform core and nothing else.</summary>
public sealed class StandaloneServiceTests(ImagesServerApp app) : IClassFixture<ImagesServerApp>
{
    [Fact]
    public async Task The_standalone_host_signs_users_in_uploads_and_transforms_and_is_ready()
    {
        var client = app.CreateClient();
        var username = Api.Unique("solo");
        var registered = await (await client.PostAsJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } })).JsonAsync(HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new("Token", (string)registered["user"]!["token"]!);

        var image = (await (await client.UploadAsync(TestImages.Jpeg(640, 480))).JsonAsync(HttpStatusCode.Created))["image"]!;
        var id = ((string)image["id"]!).Replace("-", "", StringComparison.Ordinal);
        var response = await app.CreateClient().GetAsync(ImagesApi.Url(app.ImageSigningKey, "rs:fit:64:64", $"{id}.webp"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("webp", TestImages.Format(await response.Content.ReadAsByteArrayAsync()));

        // The blog is not part of this host.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/articles")).StatusCode);

        var ready = await app.CreateClient().GetAsync("/health/ready");
        var health = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (string?)health["checks"]!["images-storage"]!["status"]);
    }

    [Fact]
    public void Outside_development_the_service_refuses_to_start_without_a_signing_key()
    {
        using var keyless = new ImagesServerApp { WithoutImageKey = true };
        var error = Assert.Throws<OptionsValidationException>(() => keyless.Services);
        Assert.Contains("Atrium__Images__SigningKeys__0", error.Message, StringComparison.Ordinal);
    }
}
