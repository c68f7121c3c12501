using System.Net;
using Atrium.Testing;
using Atrium.Weather.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.ApiKeys;

/// <summary>Users create, list and revoke API keys; a key is shown once and stored only as a hash.</summary>
public abstract class ApiKeyTests(IWeatherApp weather)
{
    private readonly AtriumApp app = weather.App;

    [Fact]
    public async Task A_created_key_is_shown_once_stored_hashed_and_works_in_the_header_or_the_query()
    {
        var user = await app.RegisterAsync("keys");
        var (id, key) = await CreateKeyAsync(user, "my script");
        Assert.StartsWith("atrwx_", key);

        var list = await (await user.Client().GetAsync("/api/weather/keys")).JsonAsync(HttpStatusCode.OK);
        var listed = Assert.Single(list["apiKeys"]!.AsArray());
        Assert.Equal("my script", (string?)listed!["name"]);
        Assert.Equal(key[..12], (string?)listed["prefix"]);
        Assert.Null(listed["key"]);
        Assert.DoesNotContain(key, list.ToJsonString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<WeatherDbContext>().ApiKeys.SingleAsync(k => k.Id == id);
            Assert.NotEqual(key, stored.Hash);
            Assert.DoesNotContain(key, stored.Hash);
        }

        var (lat, lon) = WeatherApi.UniquePlace();
        var anonymous = app.CreateClient();
        var header = new HttpRequestMessage(HttpMethod.Get, $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
        header.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(header)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m&apikey={key}")).StatusCode);
        // The key never travels upstream.
        Assert.DoesNotContain(app is IWeatherApp w ? w.Upstream.ForecastQueries : [], q => q.Contains("atrwx_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_or_unknown_key_is_refused_in_each_endpoints_own_shape()
    {
        var user = await app.RegisterAsync("keys");
        var (id, key) = await CreateKeyAsync(user, "short-lived");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client().DeleteAsync($"/api/weather/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client().DeleteAsync($"/api/weather/keys/{id}")).StatusCode);

        var client = app.CreateClient();
        var forecast = await client.GetAsync($"/v1/forecast?latitude=1.23&longitude=4.56&apikey={key}");
        Assert.Contains("API key", await forecast.OpenMeteoErrorAsync(HttpStatusCode.Unauthorized));
        var city = await client.GetAsync($"/api/weather?city=Paris&apikey=atrwx_made-up");
        await city.AssertErrorAsync(HttpStatusCode.Unauthorized, "apikey");

        var list = await (await user.Client().GetAsync("/api/weather/keys")).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(list["apiKeys"]![0]!["revokedAt"]);
    }

    [Fact]
    public async Task Keys_belong_to_their_owner_and_need_a_signed_in_user()
    {
        var owner = await app.RegisterAsync("owner");
        var other = await app.RegisterAsync("other");
        var (id, _) = await CreateKeyAsync(owner, "mine");

        await (await other.Client().DeleteAsync($"/api/weather/keys/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "apiKey");
        Assert.Empty((await (await other.Client().GetAsync("/api/weather/keys")).JsonAsync(HttpStatusCode.OK))["apiKeys"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostJsonAsync("/api/weather/keys", new { apiKey = new { name = "x" } })).StatusCode);
        await (await owner.Client().PostJsonAsync("/api/weather/keys", new { apiKey = new { name = "" } })).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "name");
    }

    [Fact]
    public async Task A_name_the_database_cannot_store_is_422_and_creates_nothing()
    {
        // PostgreSQL refuses NUL in text: unchecked, this was a 500 there (and a stored NUL on SQLite).
        var user = await app.RegisterAsync("keys");
        await (await user.Client().PostJsonAsync("/api/weather/keys", new { apiKey = new { name = "my\0script" } }))
            .AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "name", "contains characters that can't be stored");
        Assert.Empty((await (await user.Client().GetAsync("/api/weather/keys")).JsonAsync(HttpStatusCode.OK))["apiKeys"]!.AsArray());
    }

    internal static async Task<(Guid Id, string Key)> CreateKeyAsync(TestUser user, string name)
    {
        var json = await (await user.Client().PostJsonAsync("/api/weather/keys", new { apiKey = new { name } })).JsonAsync(HttpStatusCode.Created);
        return (Guid.Parse((string)json["apiKey"]!["id"]!), (string)json["apiKey"]!["key"]!);
    }
}

public sealed class ApiKeyTests_Sqlite(WeatherSqliteApp app) : ApiKeyTests(app), IClassFixture<WeatherSqliteApp>;

public sealed class ApiKeyTests_Postgres(WeatherPostgresApp app) : ApiKeyTests(app), IClassFixture<WeatherPostgresApp>;
