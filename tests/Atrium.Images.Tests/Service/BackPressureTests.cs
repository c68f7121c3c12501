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
        await refused[0].AssertErrorAsync(HttpStatusCode.TooManyRequests, "image", "the service is busy, retry later");
    }

    [Fact]
    public async Task An_upload_finding_the_pool_full_gets_429_with_retry_after_and_stores_nothing()
    {
        var user = await app.RegisterAsync();
        var png = TestImages.Png(40, 30);

        HttpResponseMessage refused;
        using (await PoolSlot.HoldAsync(app.Services))
        {
            refused = await user.Client().UploadAsync(png);
        }

        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/json; charset=utf-8", refused.Content.Headers.ContentType!.ToString());
        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, "image", "the service is busy, retry later");
        // Refused before anything was stored: the same bytes are a new image now.
        Assert.Equal(HttpStatusCode.Created, (await user.Client().UploadAsync(png)).StatusCode);
    }
}

/// <summary>
/// The operation timeout covers waiting for a slot as well as working in it. The slot is held by the
/// test, so the request runs out of time for certain, however fast this machine renders.
/// </summary>
public sealed class TimeoutTests(TimeoutApp app) : IClassFixture<TimeoutApp>
{
    [Fact]
    public async Task A_transform_past_the_operation_timeout_is_503_and_not_cached()
    {
        var user = await app.RegisterAsync();
        var id = ((string)(await user.UploadImageAsync(TestImages.Png(64, 64)))["id"]!).Replace("-", "", StringComparison.Ordinal);
        var url = app.Url("rs:fit:32:32", id, "png");

        HttpResponseMessage response;
        using (await PoolSlot.HoldAsync(app.Services))
        {
            response = await app.CreateClient().GetAsync(url);
        }

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "image", "processing timed out");
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        // The timeout was not remembered: with the slot free, the same URL renders.
        var again = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("png", TestImages.Format(await again.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task An_upload_past_the_operation_timeout_is_503_and_stores_nothing()
    {
        var user = await app.RegisterAsync();
        var png = TestImages.Png(48, 48);

        HttpResponseMessage response;
        using (await PoolSlot.HoldAsync(app.Services))
        {
            response = await user.Client().UploadAsync(png);
        }

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "image", "processing timed out");
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        // Nothing half-made: the same bytes, uploaded again, are a new image (201), not a dedupe hit (200).
        var again = await user.Client().UploadAsync(png);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}
