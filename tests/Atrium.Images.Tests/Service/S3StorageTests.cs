using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Atrium.Testing;

namespace Atrium.Images.Tests.Service;

/// <summary>S3 storage against a real S3-compatible server: originals and results land in the bucket and leave it on delete.</summary>
public sealed class S3StorageTests(S3StorageApp app) : IClassFixture<S3StorageApp>
{
    [Fact]
    public async Task Originals_and_results_are_objects_in_the_bucket_and_deleting_removes_them()
    {
        var user = await app.RegisterAsync();
        var bytes = TestImages.Png(300, 200);
        var image = await user.UploadImageAsync(bytes);
        var id = Guid.Parse((string)image["id"]!);
        var hash = (string)image["contentHash"]!;

        var original = await (await user.Client().GetAsync($"/api/images/{id}/original")).Content.ReadAsByteArrayAsync();
        using (var decoded = TestImages.Decode(original))
        {
            Assert.Equal((300, 200), (decoded.Width, decoded.Height));
        }

        var result = await app.CreateClient().GetAsync(app.Url("rs:fit:100:100", id.ToString("N"), "png"));
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);

        using var s3 = Client();
        Assert.Single(await KeysAsync(s3, $"originals/{id:N}"));
        Assert.Single(await KeysAsync(s3, $"results/{hash}/"));

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client().DeleteAsync($"/api/images/{id}")).StatusCode);
        Assert.Empty(await KeysAsync(s3, $"originals/{id:N}"));
        Assert.Empty(await KeysAsync(s3, $"results/{hash}/"));

        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private AmazonS3Client Client() => new(
        new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey),
        new AmazonS3Config { ServiceURL = app.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static async Task<List<string>> KeysAsync(AmazonS3Client s3, string prefix)
    {
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket, Prefix = prefix });
        return [.. (page.S3Objects ?? []).Select(o => o.Key)];
    }
}
