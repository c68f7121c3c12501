using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>Provider callbacks are answered before the rate limiter runs; they still count against the auth tier.</summary>
public sealed class CallbackRateLimitTests(RateLimitedExternalSignInApp app) : IClassFixture<RateLimitedExternalSignInApp>
{
    [Fact]
    public async Task Forged_callbacks_past_the_auth_tier_are_429()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedExternalSignInApp.PermitLimit + 2; i++)
        {
            statuses.Add((await client.GetAsync($"/session/external/down/callback?code=x&state=forged{i}")).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(RateLimitedExternalSignInApp.PermitLimit));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
