using System.Net;
using Atrium.Testing;

namespace Atrium.Images.Tests.Service;

/// <summary>One processing slot and no queue: concurrent distinct transforms beyond it are refused with 429.</summary>
public sealed class BackPressureTests(OverloadedApp app) : IClassFixture<OverloadedApp>
{
    [Fact]
    public async Task When_the_pool_and_queue_are_full_requests_get_429_with_retry_after()
    {
        var user = await app.RegisterAsync();
        var id = ((string)(await user.UploadImageAsync(TestImages.Jpeg(1600, 1200)))["id"]!).Replace("-", "", StringComparison.Ordinal);

        // Distinct blurs (distinct cache keys), all at once: one runs, the others find no slot.
        HttpResponseMessage[] responses = [];
        string[] urls = [];
        for (var round = 0; round < 5 && !responses.Any(r => r.StatusCode == HttpStatusCode.TooManyRequests); round++)
        {
            urls = [.. Enumerable.Range(1, 6).Select(i => app.Url($"bl:{10 + round * 6 + i}", id, "jpg"))];
            responses = await Task.WhenAll(urls.Select(u => app.CreateClient().GetAsync(u)));
        }

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        // A refusal is not remembered: the same URL, asked again when the pool is free, is served.
        var refusedUrl = urls[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests)];
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(refusedUrl)).StatusCode);
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter!.Delta));
        Assert.All(refused, r => Assert.Equal("no-store", r.Headers.CacheControl!.ToString()));
        await refused[0].AssertErrorAsync(HttpStatusCode.TooManyRequests, "image");
    }
}

public sealed class TimeoutTests(TimeoutApp app) : IClassFixture<TimeoutApp>
{
    [Fact]
    public async Task A_transform_past_the_operation_timeout_is_503_and_not_cached()
    {
        var user = await app.RegisterAsync();
        // Uploads are checked under the same timeout: the source is tiny, the transform heavy.
        var upload = await user.Client().UploadAsync(TestImages.Png(8, 8));
        var id = ((string)(await upload.JsonAsync(HttpStatusCode.Created))["image"]!["id"]!).Replace("-", "", StringComparison.Ordinal);
        var response = await app.CreateClient().GetAsync(app.Url("rs:force:4000:4000/bl:40", id, "png"));
        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "image");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
