using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;
using Atrium.Weather.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Weather.Tests.History;

/// <summary>Every request is recorded in the background; callers page through their own, administrators see the popular places.</summary>
public abstract class HistoryTests(IWeatherApp weather)
{
    public const string AdminName = "weatheradmin";

    private readonly AtriumApp app = weather.App;

    [Fact]
    public async Task A_users_requests_are_recorded_with_cache_result_and_upstream_figures_and_paged_newest_first()
    {
        var user = await app.RegisterAsync("hist");
        var client = user.Client();
        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        await client.GetAsync(url);
        await client.GetAsync(url);
        await client.GetAsync("/v1/forecast?latitude=99&longitude=0&apikey=");

        var all = await WaitForHistoryAsync(client, 3);
        var entries = all["requests"]!.AsArray();
        Assert.Equal(["invalid", "hit", "miss"], entries.Select(e => (string)e!["cache"]!));
        Assert.Equal(400, (int)entries[0]!["status"]!);
        Assert.DoesNotContain("apikey", (string?)entries[0]!["query"]);
        Assert.Null(entries[1]!["upstreamStatus"]);
        Assert.Equal(200, (int)entries[2]!["upstreamStatus"]!);
        Assert.NotNull(entries[2]!["upstreamMilliseconds"]);
        Assert.Equal(double.Parse(lat, System.Globalization.CultureInfo.InvariantCulture), (double)entries[2]!["latitude"]!);
        Assert.Contains("hourly=temperature_2m", (string?)entries[2]!["query"]);

        var page = await (await client.GetAsync("/api/weather/history?limit=1&offset=1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (int)page["requestsCount"]!);
        Assert.Equal("hit", (string?)Assert.Single(page["requests"]!.AsArray())!["cache"]);
        await (await client.GetAsync("/api/weather/history?limit=0")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "limit");
    }

    [Fact]
    public async Task Requests_made_with_a_key_show_in_the_keys_and_its_owners_history_but_not_in_others()
    {
        var owner = await app.RegisterAsync("keyowner");
        var stranger = await app.RegisterAsync("stranger");
        var (_, key) = await ApiKeys.ApiKeyTests.CreateKeyAsync(owner, "history");
        var keyClient = app.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-Api-Key", key);
        await keyClient.GetAsync("/api/weather?city=Paris");

        var asKey = await WaitForHistoryAsync(keyClient, 1);
        Assert.Equal("city", (string?)asKey["requests"]![0]!["endpoint"]);
        Assert.Equal("Paris", (string?)asKey["requests"]![0]!["place"]);
        Assert.Equal("key", (string?)asKey["requests"]![0]!["caller"]);
        await WaitForHistoryAsync(owner.Client(), 1);
        Assert.Equal(0, (int)(await (await stranger.Client().GetAsync("/api/weather/history")).JsonAsync(HttpStatusCode.OK))["requestsCount"]!);
    }

    [Fact]
    public async Task Anonymous_callers_are_recorded_by_a_salted_address_hash_and_cannot_list_history()
    {
        var client = app.CreateClient();
        var (lat, lon) = WeatherApi.UniquePlace();
        await client.GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
        var latitude = double.Parse(lat, System.Globalization.CultureInfo.InvariantCulture);

        WeatherRequest? row = null;
        await WeatherApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            row = await scope.ServiceProvider.GetRequiredService<WeatherDbContext>().Requests.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Latitude == latitude);
            return row is not null;
        }, "the anonymous request to be recorded");
        Assert.Equal("anonymous", row!.CallerKind);
        Assert.Equal(64, row.CallerId.Length);
        Assert.DoesNotContain("unknown", row.CallerId);
        Assert.DoesNotContain("127.0.0.1", row.CallerId);

        await (await client.GetAsync("/api/weather/history")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token");
    }

    [Fact]
    public async Task Administrators_see_the_most_requested_places_and_others_are_refused()
    {
        var admin = await RegisterAdminAsync();
        var user = await app.RegisterAsync("curious");
        var (lat, lon) = WeatherApi.UniquePlace();
        for (var i = 0; i < 40; i++)
        {
            await user.Client().GetAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m");
        }

        var latitude = double.Parse(lat, System.Globalization.CultureInfo.InvariantCulture);
        JsonNode? top = null;
        await WeatherApi.EventuallyAsync(async () =>
        {
            var json = await (await admin.Client().GetAsync("/api/weather/admin/places?days=1&limit=5")).JsonAsync(HttpStatusCode.OK);
            top = json["places"]!.AsArray().FirstOrDefault(p => (double)p!["latitude"]! == latitude);
            return top is not null && (int)top["requests"]! == 40;
        }, "the place to be counted");
        Assert.Equal(39, (int)top!["cacheHits"]!);

        await (await user.Client().GetAsync("/api/weather/admin/places")).AssertErrorAsync(HttpStatusCode.Forbidden, "user");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/weather/admin/places")).StatusCode);
    }

    private async Task<TestUser> RegisterAdminAsync()
    {
        var response = await app.CreateClient().PostJsonAsync("/api/users",
            new { user = new { username = AdminName, email = $"{AdminName}@example.com", password = "password123" } });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var json = await response.JsonAsync(HttpStatusCode.Created);
            return new TestUser(AdminName, $"{AdminName}@example.com", (string)json["user"]!["token"]!, app);
        }

        var login = await app.CreateClient().PostJsonAsync("/api/users/login", new { user = new { email = $"{AdminName}@example.com", password = "password123" } });
        var logged = await login.JsonAsync(HttpStatusCode.OK);
        return new TestUser(AdminName, $"{AdminName}@example.com", (string)logged["user"]!["token"]!, app);
    }

    private static async Task<JsonNode> WaitForHistoryAsync(HttpClient client, int count)
    {
        JsonNode? last = null;
        await WeatherApi.EventuallyAsync(async () =>
        {
            last = await (await client.GetAsync("/api/weather/history?limit=100")).JsonAsync(HttpStatusCode.OK);
            return (int)last["requestsCount"]! >= count;
        }, $"{count} history entries");
        Assert.Equal(count, (int)last!["requestsCount"]!);
        return last;
    }

    [Fact]
    public async Task The_daily_prune_deletes_only_entries_older_than_the_retention()
    {
        static WeatherRequest Entry(int daysAgo) => new()
        {
            CallerKind = "anonymous", CallerId = "prune-test", Endpoint = "forecast", Query = "latitude=1&longitude=1",
            Cache = "hit", Status = 200, CreatedAt = DateTime.UtcNow.AddDays(-daysAgo),
        };
        var old = Entry(91);
        var recent = Entry(89);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WeatherDbContext>();
        db.Requests.AddRange(old, recent);
        await db.SaveChangesAsync();

        Assert.True(await scope.ServiceProvider.GetRequiredService<Atrium.Weather.History.HistoryPruner>().PruneAsync(CancellationToken.None) >= 1);

        var left = await db.Requests.AsNoTracking().Where(r => r.CallerId == "prune-test").Select(r => r.Id).ToListAsync();
        Assert.Equal([recent.Id], left);
    }

    [Fact]
    public async Task The_bulk_writer_stores_rows_as_ef_would_and_a_failing_batch_stores_none()
    {
        var full = new WeatherRequest
        {
            CallerKind = "user", CallerId = "bulk-test", Endpoint = "city", Latitude = 48.86, Longitude = 2.35, Place = "Paris",
            Query = "latitude=48.86&longitude=2.35", Cache = "miss", Status = 200, UpstreamStatus = 200, UpstreamMilliseconds = 12.5,
            CreatedAt = new DateTime(2026, 11, 24, 3, 4, 5, 678, DateTimeKind.Utc).AddMicroseconds(9),
        };
        var sparse = new WeatherRequest
        {
            CallerKind = "anonymous", CallerId = "bulk-test", Endpoint = "forecast", Query = "", Cache = "invalid", Status = 400,
            CreatedAt = full.CreatedAt.AddSeconds(1),
        };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Platform.Data.BulkInsert.InsertAsync(scope.ServiceProvider.GetRequiredService<WeatherDbContext>(), [full, sparse], CancellationToken.None);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WeatherDbContext>();
            var rows = await db.Requests.AsNoTracking().Where(r => r.CallerId == "bulk-test").OrderBy(r => r.CreatedAt).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.Equivalent(full, rows[0], strict: true);
            Assert.Equivalent(sparse, rows[1], strict: true);
            Assert.Equal(DateTimeKind.Utc, rows[0].CreatedAt.Kind);
            // Written by the bulk path, compared by an EF query: the stored form is the one EF writes.
            Assert.Equal(1, await db.Requests.CountAsync(r => r.CallerId == "bulk-test" && r.CreatedAt > full.CreatedAt));

            // The second row repeats the first one's key: the batch fails and the new first row is not kept either.
            var fresh = new WeatherRequest { CallerKind = "user", CallerId = "bulk-test", Endpoint = "forecast", Query = "q", Cache = "hit", Status = 200, CreatedAt = DateTime.UtcNow };
            var clash = new WeatherRequest { Id = full.Id, CallerKind = "user", CallerId = "bulk-test", Endpoint = "forecast", Query = "q", Cache = "hit", Status = 200, CreatedAt = DateTime.UtcNow };
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Platform.Data.BulkInsert.InsertAsync(db, [fresh, clash], CancellationToken.None));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WeatherDbContext>();
            Assert.Equal(2, await db.Requests.CountAsync(r => r.CallerId == "bulk-test"));
        }
    }
}

public sealed class HistoryApp_Sqlite : WeatherSqliteApp
{
    public HistoryApp_Sqlite() => Settings["Atrium:Admin:Usernames:0"] = HistoryTests.AdminName;
}

public sealed class HistoryApp_Postgres : WeatherPostgresApp
{
    public HistoryApp_Postgres() => Settings["Atrium:Admin:Usernames:0"] = HistoryTests.AdminName;
}

public sealed class HistoryTests_Sqlite(HistoryApp_Sqlite app) : HistoryTests(app), IClassFixture<HistoryApp_Sqlite>;

public sealed class HistoryTests_Postgres(HistoryApp_Postgres app) : HistoryTests(app), IClassFixture<HistoryApp_Postgres>;
