using Atrium.Platform.Accounts.ExternalSignIn;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Caching;
using Atrium.Platform.ErrorTracking;
using Atrium.Platform.Health;
using Atrium.Platform.Jobs;
using Atrium.Platform.Json;
using Atrium.Platform.RateLimiting;
using Atrium.Platform.Realtime;
using Atrium.Platform.Messaging;
using Atrium.Platform.Observability;
using Atrium.Platform.Redis;
using Atrium.Platform.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Atrium.Platform.Hosting;

/// <summary>The defaults every Atrium host shares: options, JSON, errors, accounts, OpenAPI, health.</summary>
public static class PlatformHosting
{
    public static WebApplicationBuilder AddAtriumPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .Configure(o => o.MigrateOnStart = builder.Environment.IsDevelopment())
            .BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpLimitsOptions>().BindConfiguration(HttpLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddAtriumShutdown(builder.Configuration);
        services.AddSingleton(DatabaseSettings.For(builder));
        services.AddSingleton<DatabaseMigrator>();
        services.AddAtriumRedis();
        services.AddAtriumForwardedHeaders();
        services.AddAtriumRateLimiting();
        services.AddAtriumCache(builder.Configuration);
        builder.AddAtriumMessaging();
        builder.AddAtriumTelemetry();

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o));
        // Binding failures (malformed JSON, wrong types) throw, so the exception handler can answer them in the API's shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>(
            (kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);

        builder.AddAtriumHttpSecurity();
        builder.AddAtriumErrorTracking();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddOptionalSchemaTransformer().AddTokenSecurity());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddAtriumHealth(builder.Configuration);

        builder.AddAccounts();
        builder.AddAtriumRealtime();
        builder.AddAtriumJobs();
        // After everything above that registers authentication or data protection.
        services.SkipEagerKeyRingLoad();
        return builder;
    }

    public static void ConfigureJson(JsonOptions options)
    {
        options.SerializerOptions.Converters.Add(new UtcDateTimeJsonConverter());
        options.SerializerOptions.TypeInfoResolverChain.Insert(0, PlatformJsonContext.Default);
    }

    public static WebApplication UseAtriumPlatform(this WebApplication app)
    {
        app.UseAtriumShutdown();
        app.UseAtriumForwardedHeaders();
        app.UseAtriumHttpSecurity();
        app.UseExceptionHandler();
        app.UseStatusCodePages(EmptyErrorBodies.WriteAsync);
        app.UseAtriumCors();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<QueryTextGuardMiddleware>();
        app.UseExternalSignInRateLimit();
        app.UseAtriumAuthentication();
        app.UseAtriumRateLimiting();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Atrium API"));
        app.MapAtriumHealth();
        app.MapAccounts();
        app.MapAtriumJobs();
        app.UseAtriumTelemetry();
        return app;
    }
}
