using System.Net;

namespace Atrium.Identity.Tests.Access;

/// <summary>The token endpoint is under the login tier, wrong secrets included.</summary>
public sealed class TokenRateLimitTests(RateLimitedIdentityServer server) : IClassFixture<RateLimitedIdentityServer>
{
    [Fact]
    public async Task Guessing_client_secrets_runs_into_429()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            var response = await agent.TokenAsync(client, new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_secret"] = $"guess-{attempt}",
            });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
