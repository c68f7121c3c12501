using Atrium.Weather.Forecasts;

namespace Atrium.Weather.Tests.Forecasts;

/// <summary>The normal form (pure logic): what shares a cache entry, what is withheld, which TTL applies.</summary>
public sealed class ForecastRequestTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void The_normal_form_is_sorted_rounded_and_spells_out_every_default()
    {
        var request = Parse("longitude=13.41053&latitude=52.52437&hourly=wind_speed_10m,temperature_2m");

        Assert.Equal(
            "forecast_days=7&hourly=temperature_2m,wind_speed_10m&latitude=52.52&longitude=13.41&past_days=0"
            + "&precipitation_unit=mm&temperature_unit=celsius&timeformat=iso8601&timezone=GMT&wind_speed_unit=kmh",
            request.CanonicalQuery);
        Assert.Equal(ForecastKind.Forecast, request.Kind);
    }

    [Fact]
    public void The_key_and_format_are_never_part_of_the_normal_form()
    {
        var request = Parse("latitude=1&longitude=2&apikey=atrwx_secret&format=json");
        Assert.DoesNotContain("apikey", request.CanonicalQuery);
        Assert.DoesNotContain("&format=", "&" + request.CanonicalQuery);
    }

    [Theory]
    [InlineData("current=temperature_2m", ForecastKind.Current)]
    [InlineData("minutely_15=precipitation", ForecastKind.Current)]
    [InlineData("hourly=temperature_2m&past_days=3", ForecastKind.Forecast)]
    [InlineData("daily=temperature_2m_max&start_date=2026-11-01&end_date=2026-11-22", ForecastKind.Past)]
    [InlineData("daily=temperature_2m_max&start_date=2026-11-01&end_date=2026-11-23", ForecastKind.Forecast)]
    public void The_kind_decides_the_freshness(string query, ForecastKind kind) =>
        Assert.Equal(kind, Parse($"latitude=1&longitude=2&{query}").Kind);

    private static ForecastRequest Parse(string query)
    {
        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)
            .Select(p => new KeyValuePair<string, string?[]>(p.Key, p.Value.ToArray()));
        var (request, error) = ForecastRequest.Parse(pairs, Today);
        Assert.True(request is not null, error);
        return request;
    }
}
