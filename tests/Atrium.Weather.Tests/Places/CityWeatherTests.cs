using System.Net;
using Atrium.Testing;

namespace Atrium.Weather.Tests.Places;

/// <summary>/api/weather?city=: geocoded (and cached), then forecast, in a friendly shape with the licence credit.</summary>
public sealed class CityWeatherTests(WeatherSqliteApp app) : IClassFixture<WeatherSqliteApp>
{
    [Fact]
    public async Task An_ambiguous_name_gives_the_best_match_its_weather_and_the_alternatives()
    {
        var (response, json) = await app.CreateClient().GetJsonAsync("/api/weather?city=Berlin&days=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var weather = json["weather"]!;
        Assert.Equal("Germany", (string?)weather["place"]!["country"]);
        Assert.Equal("Europe/Berlin", (string?)weather["place"]!["timezone"]);
        Assert.Equal(2, weather["alternatives"]!.AsArray().Count);
        Assert.All(weather["alternatives"]!.AsArray(), a => Assert.Equal("US", (string?)a!["countryCode"]));
        Assert.NotNull(weather["current"]!["temperature"]);
        Assert.Equal("Overcast", (string?)weather["current"]!["description"]);
        Assert.Equal(3, weather["daily"]!.AsArray().Count);
        Assert.NotNull(weather["daily"]![0]!["temperatureMax"]);
        Assert.Equal("°C", (string?)weather["units"]!["temperature"]);
        Assert.Equal("Weather data by Open-Meteo.com", (string?)weather["attribution"]!["text"]);
        Assert.Equal("CC BY 4.0", (string?)weather["attribution"]!["license"]);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("united states")]
    public async Task A_country_code_or_name_narrows_the_match(string country)
    {
        var (_, json) = await app.CreateClient().GetJsonAsync($"/api/weather?city=berlin&country={Uri.EscapeDataString(country)}&units=imperial");

        Assert.Equal("New Hampshire", (string?)json["weather"]!["place"]!["region"]);
        Assert.Single(json["weather"]!["alternatives"]!.AsArray());
        Assert.Equal("°F", (string?)json["weather"]!["units"]!["temperature"]);
    }

    [Fact]
    public async Task Lookups_are_cached_and_share_forecasts_with_the_open_meteo_endpoint()
    {
        var client = app.CreateClient();
        var searches = app.Upstream.SearchCalls;
        var (first, _) = await client.GetJsonAsync("/api/weather?city=Paris&days=5");
        var (second, json) = await client.GetJsonAsync("/api/weather?city=PARIS&days=5");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(searches + 1, app.Upstream.SearchCalls);
        Assert.Equal("hit", (string?)json["weather"]!["cache"]);
        Assert.Equal("hit", second.Header("X-Atrium-Cache"));
    }

    [Theory]
    [InlineData("Atlantis", null, "no place named 'Atlantis' was found")]
    [InlineData("Paris", "DE", "no place named 'Paris' was found in 'DE'")]
    public async Task An_unknown_city_is_a_404_that_says_what_was_searched(string city, string? country, string message)
    {
        var response = await app.CreateClient().GetAsync($"/api/weather?city={city}" + (country is null ? "" : $"&country={country}"));
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "city", message);
    }

    [Theory]
    [InlineData("", "city")]
    [InlineData("city=B", "city")]
    [InlineData("city=Berlin&days=0", "days")]
    [InlineData("city=Berlin&units=kelvin", "units")]
    public async Task Invalid_input_is_a_422_in_the_platform_shape(string query, string field)
    {
        var response = await app.CreateClient().GetAsync($"/api/weather?{query}");
        await response.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, field);
    }
}
