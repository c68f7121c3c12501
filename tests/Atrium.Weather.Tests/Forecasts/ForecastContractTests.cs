using System.Net;

namespace Atrium.Weather.Tests.Forecasts;

/// <summary>/v1/forecast speaks Open-Meteo's contract: same query, same answer shape, same error shape.</summary>
public sealed class ForecastContractTests(WeatherSqliteApp app) : IClassFixture<WeatherSqliteApp>
{
    [Fact]
    public async Task An_open_meteo_request_gets_open_meteo_shape_with_cache_and_licence_headers()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var client = app.CreateClient();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m,weather_code&daily=temperature_2m_max&current=temperature_2m&timezone=Europe/Berlin&forecast_days=2";
        var (response, json) = await client.GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        foreach (var field in new[] { "latitude", "longitude", "elevation", "generationtime_ms", "utc_offset_seconds", "timezone", "timezone_abbreviation" })
        {
            Assert.NotNull(json[field]);
        }

        Assert.Equal(3600, (int)json["utc_offset_seconds"]!);
        Assert.Equal(48, json["hourly"]!["temperature_2m"]!.AsArray().Count);
        Assert.Equal("°C", (string?)json["hourly_units"]!["temperature_2m"]);
        Assert.Equal(2, json["daily"]!["time"]!.AsArray().Count);
        Assert.NotNull(json["daily_units"]);
        Assert.NotNull(json["current"]!["temperature_2m"]);
        Assert.NotNull(json["current_units"]);
        Assert.Equal("miss", response.Header("X-Atrium-Cache"));
        Assert.Contains("Open-Meteo.com", response.Header("X-Data-Attribution"));

        var (again, _) = await client.GetJsonAsync(url);
        Assert.Equal("hit", again.Header("X-Atrium-Cache"));
        Assert.NotNull(again.Headers.Age);
        Assert.Equal(1, app.Upstream.CallsFor(lat));
    }

    [Fact]
    public async Task Several_coordinates_return_an_array_in_the_same_order()
    {
        var (lat1, lon1) = WeatherApi.UniquePlace();
        var (lat2, lon2) = WeatherApi.UniquePlace();
        var (response, json) = await app.CreateClient().GetJsonAsync($"/v1/forecast?latitude={lat1},{lat2}&longitude={lon1},{lon2}&hourly=temperature_2m");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var locations = json.AsArray();
        Assert.Equal(2, locations.Count);
        Assert.All(locations, l => Assert.NotNull(l!["hourly"]!["temperature_2m"]));
    }

    [Fact]
    public async Task Equivalent_requests_share_one_cache_entry_whatever_the_order_spelling_and_defaults()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var client = app.CreateClient();
        string[] equivalent =
        [
            $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m,wind_speed_10m",
            // Under a kilometre away, variables reordered and repeated, defaults spelled out, legacy windspeed_unit.
            $"/v1/forecast?longitude={lon}1&latitude={lat}2&hourly=wind_speed_10m&hourly=temperature_2m,temperature_2m&temperature_unit=celsius&windspeed_unit=kmh&forecast_days=7&past_days=0&timezone=GMT",
        ];
        foreach (var url in equivalent)
        {
            var (response, _) = await client.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, app.Upstream.CallsFor(lat));
        var (fahrenheit, json) = await client.GetJsonAsync(equivalent[0] + "&temperature_unit=fahrenheit");
        Assert.Equal("miss", fahrenheit.Header("X-Atrium-Cache"));
        Assert.Equal("°F", (string?)json["hourly_units"]!["temperature_2m"]);
        Assert.Equal(2, app.Upstream.CallsFor(lat));
    }

    [Fact]
    public async Task Fifty_concurrent_identical_misses_make_one_upstream_call()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m";
        app.Upstream.Hold();
        var client = app.CreateClient();
        var requests = Enumerable.Range(0, 50).Select(_ => client.GetAsync(url)).ToList();
        // Every request is in before the one upstream call may answer.
        await WeatherApi.EventuallyAsync(() => Task.FromResult(app.Upstream.CallsFor(lat) >= 1), "the upstream call");
        await Task.WhenAll(requests.Select(r => Task.WhenAny(r, Task.Delay(200))));
        app.Upstream.Release();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, app.Upstream.CallsFor(lat));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Theory]
    [InlineData("longitude=13.4", "'latitude' and 'longitude' are required")]
    [InlineData("latitude=91&longitude=13.4", "Latitude must be in range of -90 to 90°")]
    [InlineData("latitude=52.5&longitude=181", "Longitude must be in range of -180 to 180°")]
    [InlineData("latitude=52.5,48.8&longitude=13.4", "same number of elements")]
    [InlineData("latitude=abc&longitude=13.4", "must be a number")]
    [InlineData("latitude=52.5&longitude=13.4&hourly=temperature-2m", "parameter 'hourly'")]
    [InlineData("latitude=52.5&longitude=13.4&temperature_unit=kelvin", "temperature_unit")]
    [InlineData("latitude=52.5&longitude=13.4&wind_speed_unit=furlongs", "wind_speed_unit")]
    [InlineData("latitude=52.5&longitude=13.4&forecast_days=17", "forecast_days")]
    [InlineData("latitude=52.5&longitude=13.4&past_days=-1", "past_days")]
    [InlineData("latitude=52.5&longitude=13.4&start_date=2026-01-01", "must be set together")]
    [InlineData("latitude=52.5&longitude=13.4&start_date=2026-01-05&end_date=2026-01-01", "must not be before")]
    [InlineData("latitude=52.5&longitude=13.4&start_date=2026-13-01&end_date=2026-13-02", "yyyy-mm-dd")]
    [InlineData("latitude=52.5&longitude=13.4&timezone=Europe%3BBerlin", "Invalid timezone")]
    [InlineData("latitude=52.5&longitude=13.4&format=flatbuffers", "format=json")]
    // Refused by the platform before the endpoint runs (NUL in the query): still Open-Meteo's shape.
    [InlineData("latitude=52.5%00&longitude=13.4", "can't be stored")]
    [InlineData("latitude=52.5&longitude=13.4&timezone=%00", "can't be stored")]
    public async Task Invalid_requests_get_a_400_in_open_meteos_shape_without_asking_upstream(string query, string reason)
    {
        var calls = app.Upstream.ForecastCalls;
        var response = await app.CreateClient().GetAsync($"/v1/forecast?{query}");

        Assert.Contains(reason, await response.OpenMeteoErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(calls, app.Upstream.ForecastCalls);
    }

    [Fact]
    public async Task Variables_unknown_to_us_are_passed_on_and_the_upstreams_400_reason_comes_back_uncached()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var client = app.CreateClient();
        var url = $"/v1/forecast?latitude={lat}&longitude={lon}&hourly=temperature_2m,bogus_variable";
        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync(url);
            Assert.Contains("bogus_variable", await response.OpenMeteoErrorAsync(HttpStatusCode.BadRequest));
        }

        // Not cached, and not retried (a 400 is not transient): one call per request.
        Assert.Equal(2, app.Upstream.CallsFor(lat));

        var (ok, _) = await client.GetJsonAsync($"/v1/forecast?latitude={lat}&longitude={lon}&hourly=brand_new_variable_2099");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Other_open_meteo_parameters_and_dates_are_passed_on_normalised()
    {
        var (lat, lon) = WeatherApi.UniquePlace();
        var (response, _) = await app.CreateClient().GetJsonAsync(
            $"/v1/forecast?latitude={lat}&longitude={lon}&daily=temperature_2m_max&start_date=2026-11-20&end_date=2026-11-22&models=icon_seamless,best_match&cell_selection=land&timeformat=unixtime&timezone=auto");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = app.Upstream.ForecastQueries.Last(q => q.Contains($"latitude={lat}&", StringComparison.Ordinal));
        Assert.Contains("cell_selection=land", sent);
        Assert.Contains("models=best_match,icon_seamless", sent);
        Assert.Contains("start_date=2026-11-20&", sent);
        Assert.Contains("timeformat=unixtime", sent);
        Assert.Contains("timezone=auto", sent);
        Assert.DoesNotContain("forecast_days", sent);
    }
}
