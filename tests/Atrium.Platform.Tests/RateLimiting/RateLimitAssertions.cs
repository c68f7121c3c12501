using System.Net;
using Atrium.Testing;

namespace Atrium.Platform.Tests.RateLimiting;

internal static class RateLimitAssertions
{
    /// <summary>A 429 in the API's error shape, with a Retry-After in whole seconds that the message repeats.</summary>
    public static async Task AssertRateLimitedAsync(this HttpResponseMessage response, int maxRetryAfterSeconds)
    {
        var json = await response.JsonAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        var seconds = (int)retryAfter.Value.TotalSeconds;
        Assert.InRange(seconds, 1, maxRetryAfterSeconds);
        Assert.Equal($"limit exceeded, retry after {seconds} seconds", (string?)json["errors"]!["rate"]![0]);
    }

    public static async Task<TestUser> RegisterFromAsync(this HttpClient client, AtriumApp app, string prefix)
    {
        var username = Api.Unique(prefix);
        var response = await client.PostJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        var json = await response.JsonAsync(HttpStatusCode.Created);
        return new TestUser(username, $"{username}@example.com", (string)json["user"]!["token"]!, app);
    }

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        client.PostJsonAsync("/api/users/login", new { user = new { email, password } });
}
