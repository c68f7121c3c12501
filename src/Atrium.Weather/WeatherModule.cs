using Atrium.Platform.Jobs;
using Atrium.Platform.Jobs.Admin;
using Atrium.Weather.ApiKeys;
using Atrium.Weather.Caching;
using Atrium.Weather.Forecasts;
using Atrium.Weather.History;
using Atrium.Weather.Places;
using Atrium.Weather.Quotas;
using Atrium.Weather.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Weather;

/// <summary>
/// Weather: an Open-Meteo-compatible forecast proxy (<c>/v1/forecast</c>) and a friendly city endpoint
/// (<c>/api/weather</c>), cached, resilient to upstream outages, with request history, API keys and quotas.
/// Weather data by Open-Meteo.com (CC BY 4.0).
/// </summary>
public static class WeatherModule
{
    public static IHostApplicationBuilder AddWeather(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddModuleDbContext<WeatherDbContext, SqliteWeatherDbContext, PostgresWeatherDbContext>(WeatherDbContext.Schema);
        services.AddOptions<WeatherOptions>().BindConfiguration(WeatherOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeatherOptions>, WeatherOptionsValidator>();
        services.AddSingleton<WeatherTelemetry>();
        services.AddOpenMeteo();
        services.AddSingleton<WeatherCache>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<WeatherQuota>();
        services.AddSingleton<HistoryRecorder>();
        services.AddHostedService<HistoryWriter>();
        services.AddScoped<ForecastWarmer>();
        // The schedule is read once while the host is built, like the platform's own jobs.
        var cron = builder.Configuration.GetSection(WeatherOptions.SectionName).Get<WeatherOptions>()?.WarmupCron ?? new WeatherOptions().WarmupCron;
        services.AddRecurringJob<WarmPopularForecasts>(WarmPopularForecasts.Name, cron);
        services.AddScoped<HistoryPruner>();
        services.AddRecurringJob<PruneWeatherHistory>(PruneWeatherHistory.Name, "0 50 3 * * ?");
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WeatherJsonContext.Default));
        services.AddClientErrorShape(OpenMeteoClientErrors.Shape);
        return builder;
    }

    public static IEndpointRouteBuilder MapWeather(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var callers = services.GetRequiredService<CallerResolver>();
        var quota = services.GetRequiredService<WeatherQuota>();

        var openMeteo = endpoints.MapGroup("/v1").WithTags("Weather (Open-Meteo)")
            .AddEndpointFilter(new WeatherQuotaFilter(callers, quota, openMeteoDialect: true));
        GetForecast.Map(openMeteo);

        var api = endpoints.MapGroup("/api/weather").WithTags("Weather").RequireScope(TokenScopes.Weather)
            .AddEndpointFilter(new WeatherQuotaFilter(callers, quota, openMeteoDialect: false));
        GetCityWeather.Map(api);
        ListHistory.Map(api);

        // Managing keys and reading the admin view do not spend the weather quota (the platform's global limit still applies).
        var account = endpoints.MapGroup("/api/weather").WithTags("Weather").RequireAuthorization().RequireScope(TokenScopes.Weather);
        var keys = account.MapGroup("");
        CreateApiKey.Map(keys);
        ListApiKeys.Map(keys);
        RevokeApiKey.Map(keys);

        var admin = account.MapGroup("").WithTags("Admin").AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<AdminAccess>();
            return await access.IsAdminAsync(CurrentUser.From(context.HttpContext.User).Id, context.HttpContext.RequestAborted)
                ? await next(context)
                : new ForbiddenError("user");
        });
        ListPopularPlaces.Map(admin);
        return endpoints;
    }
}
