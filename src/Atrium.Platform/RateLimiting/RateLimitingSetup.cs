using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.RateLimiting;

/// <summary>
/// ASP.NET Core's rate-limiting middleware with Atrium's tiers: a global limiter on every request
/// (per user with a valid token, else per client IP) and the named <see cref="RateLimitPolicies"/>.
/// </summary>
public static class RateLimitingSetup
{
    public static IServiceCollection AddAtriumRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<RedisWindowCounter>();
        services.AddSingleton<TierLimiters>();
        services.AddSingleton(sp => new RateLimitPartitions(sp.GetRequiredService<TierLimiters>()));
        services.AddSingleton<RateLimitMetrics>();
        services.AddSingleton(sp => new AuthTierLimiter(
            sp.GetRequiredService<TierLimiters>(), sp.GetRequiredService<IOptions<RateLimitOptions>>(), sp.GetRequiredService<RateLimitMetrics>()));
        services.AddSingleton(sp => new LoginThrottle(
            sp.GetRequiredService<TierLimiters>(), sp.GetRequiredService<IOptions<RateLimitOptions>>(), sp.GetRequiredService<RateLimitMetrics>()));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<TierLimiters, IOptions<RateLimitOptions>>((o, limiters, options) =>
        {
            var tiers = options.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = TooManyRequestsError.WriteRejectionAsync;
            o.GlobalLimiter = limiters.Global;
            o.AddPolicy(RateLimitPolicies.Auth, context =>
                limiters.Partition(nameof(tiers.Auth), tiers.Auth, ClientKeys.Address(context)));
            o.AddPolicy(RateLimitPolicies.PasswordReset, context =>
                limiters.Partition(nameof(tiers.PasswordReset), tiers.PasswordReset, ClientKeys.Address(context)));
        });
        return services;
    }

    /// <summary>After authentication (the global limiter partitions by the token's user), before authorization.</summary>
    public static WebApplication UseAtriumRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }
}
