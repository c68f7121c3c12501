using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Weather.Tests;

/// <summary>The server pointed at its own <see cref="FakeOpenMeteo"/>, with fast retries and a breaker that stays closed unless a test wants it.</summary>
public interface IWeatherApp
{
    FakeOpenMeteo Upstream { get; }

    AtriumApp App { get; }
}

internal static class WeatherSettings
{
    public static Dictionary<string, string?> Defaults() => new()
    {
        ["Atrium:Weather:RetryAttempts"] = "2",
        ["Atrium:Weather:RetryBaseDelay"] = "00:00:00.010",
        ["Atrium:Weather:AttemptTimeout"] = "00:00:05",
        ["Atrium:Weather:TotalTimeout"] = "00:00:20",
        ["Atrium:Weather:BreakerMinimumThroughput"] = "1000",
        ["Atrium:Weather:AnonymousSalt"] = "test-salt",
    };

    public static void Apply(IWebHostBuilder builder, FakeOpenMeteo upstream, Dictionary<string, string?> settings)
    {
        builder.UseSetting("Atrium:Weather:ForecastBaseUrl", upstream.Address);
        builder.UseSetting("Atrium:Weather:GeocodingBaseUrl", upstream.Address);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

public class WeatherSqliteApp : SqliteApp, IWeatherApp
{
    public FakeOpenMeteo Upstream { get; } = new();

    public Dictionary<string, string?> Settings { get; } = WeatherSettings.Defaults();

    public AtriumApp App => this;

    public override async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WeatherSettings.Apply(builder, Upstream, Settings);
    }
}

public class WeatherPostgresApp : PostgresApp, IWeatherApp
{
    public FakeOpenMeteo Upstream { get; } = new();

    public Dictionary<string, string?> Settings { get; } = WeatherSettings.Defaults();

    public AtriumApp App => this;

    public override async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WeatherSettings.Apply(builder, Upstream, Settings);
    }
}
