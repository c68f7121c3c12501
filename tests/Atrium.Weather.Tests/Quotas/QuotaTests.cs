using System.Net;
using Atrium.Testing;

namespace Atrium.Weather.Tests.Quotas;

public sealed class TightQuotaApp : WeatherSqliteApp
{
    public TightQuotaApp()
    {
        Settings["Atrium:Weather:AnonymousQuota:PermitLimit"] = "3";
        Settings["Atrium:Weather:AnonymousQuota:Window"] = "00:10:00";
        Settings["Atrium:Weather:UserQuota:PermitLimit"] = "5";
        Settings["Atrium:Weather:UserQuota:Window"] = "00:10:00";
        Settings["Atrium:Weather:ApiKeyQuota:PermitLimit"] = "7";
        Settings["Atrium:Weather:ApiKeyQuota:Window"] = "00:10:00";
    }
}

/// <summary>Anonymous callers share a quota per address; users and API keys each have their own, larger tier.</summary>
public sealed class QuotaTests(TightQuotaApp app) : IClassFixture<TightQuotaApp>
{
    [Fact]
    public async Task Each_tier_counts_on_its_own_and_refusals_speak_each_endpoints_dialect()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        var anonymous = app.CreateClient();
        Assert.Equal(3, await SucceedingAsync(anonymous, url, 10));
        var refused = await anonymous.GetAsync(url);
        Assert.Contains("limit", await refused.OpenMeteoErrorAsync(HttpStatusCode.TooManyRequests));
        Assert.NotNull(refused.Headers.RetryAfter);
        await (await anonymous.GetAsync("/api/weather?city=Paris")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate");

        var user = await app.RegisterAsync("quota");
        Assert.Equal(5, await SucceedingAsync(user.Client(), url, 10));

        var (_, key) = await ApiKeys.ApiKeyTests.CreateKeyAsync(user, "quota");
        var keyClient = app.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(7, await SucceedingAsync(keyClient, url, 10));
    }

    private static async Task<int> SucceedingAsync(HttpClient client, string url, int attempts)
    {
        var ok = 0;
        for (var i = 0; i < attempts; i++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ok++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            }
        }

        return ok;
    }
}
