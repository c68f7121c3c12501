using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Atrium.Weather.Upstream;

/// <summary>Open-Meteo's HttpClients with the standard resilience pipeline, one breaker per API.</summary>
internal static class UpstreamRegistration
{
    public static IServiceCollection AddOpenMeteo(this IServiceCollection services)
    {
        services.AddSingleton<UpstreamBreakers>();
        services.AddSingleton<OpenMeteoClient>();
        foreach (var api in new[] { OpenMeteoClient.Forecast, OpenMeteoClient.Geocoding })
        {
            services.AddHttpClient(OpenMeteoClient.ClientName(api), client =>
                {
                    // The pipeline's timeouts decide; the client's own 100 s would only get in their way.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    // Bounded: a runaway upstream answer must not exhaust memory (real ones are far smaller).
                    client.MaxResponseContentBufferSize = 32 * 1024 * 1024;
                    client.DefaultRequestHeaders.UserAgent.ParseAdd("Atrium-Weather/1.0");
                })
                .AddResilienceHandler($"open-meteo-{api}", (pipeline, context) =>
                {
                    var o = context.ServiceProvider.GetRequiredService<IOptions<WeatherOptions>>().Value;
                    var breakers = context.ServiceProvider.GetRequiredService<UpstreamBreakers>();
                    pipeline.AddTimeout(o.TotalTimeout);
                    if (o.RetryAttempts > 0)
                    {
                        // Transient only (5xx, 408, 429, timeouts, refused connections): a 400 is the caller's mistake and is final.
                        pipeline.AddRetry(new HttpRetryStrategyOptions
                        {
                            MaxRetryAttempts = o.RetryAttempts,
                            Delay = o.RetryBaseDelay,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                            // A long Retry-After would only run into the total timeout; back off our own way.
                            ShouldRetryAfterHeader = false,
                        });
                    }

                    // The same transient test: the upstream's 4xx answers do not count as failures.
                    pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = o.BreakerFailureRatio,
                        MinimumThroughput = o.BreakerMinimumThroughput,
                        SamplingDuration = o.BreakerSamplingDuration,
                        BreakDuration = o.BreakerBreakDuration,
                        StateProvider = breakers.For(api),
                    });
                    pipeline.AddTimeout(o.AttemptTimeout);
                });
        }

        return services;
    }
}

/// <summary>Each API's breaker state, for the metrics and the health of the answers.</summary>
internal sealed class UpstreamBreakers
{
    private readonly Dictionary<string, CircuitBreakerStateProvider> _providers = new()
    {
        [OpenMeteoClient.Forecast] = new(),
        [OpenMeteoClient.Geocoding] = new(),
    };

    public CircuitBreakerStateProvider For(string api) => _providers[api];

    public IEnumerable<(string Api, CircuitState State)> States => _providers.Select(p => (p.Key, p.Value.CircuitState));
}
