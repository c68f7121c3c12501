using Atrium.Platform.Hosting;
using Microsoft.AspNetCore.Http;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// Bodies without a declared length (chunked uploads) are counted as they are read. The in-process
/// test server always declares a length, so this is tested here rather than over HTTP.
/// </summary>
public sealed class LengthLimitedStreamTests
{
    [Fact]
    public async Task Reading_up_to_the_limit_is_allowed()
    {
        using var stream = new LengthLimitedStream(new MemoryStream(new byte[100]), limit: 100);
        Assert.Equal(100, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Reading_past_the_limit_fails_with_413()
    {
        using var stream = new LengthLimitedStream(new MemoryStream(new byte[101]), limit: 100);
        var error = await Assert.ThrowsAsync<BadHttpRequestException>(() => ReadAllAsync(stream));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error.StatusCode);
    }

    private static async Task<int> ReadAllAsync(Stream stream)
    {
        var buffer = new byte[16];
        int read, total = 0;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
