using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Hosting;

/// <summary>
/// Graceful shutdown. On SIGTERM the instance first drains: readiness turns 503 (the load balancer takes
/// it out of rotation), it keeps serving for <c>Atrium:ShutdownDrainDelay</c> (default 0; give it the
/// few seconds your load balancer needs to notice), then waits for the requests in flight to finish —
/// Kestrel's own stop would cancel a request whose body is still arriving. Only then Kestrel stops and
/// the background services stop (jobs are interrupted and handed back for recovery, the worker's
/// heartbeat row is removed, the bus stops). All of it within <c>Atrium:ShutdownTimeout</c> (default
/// 25 s: inside Kubernetes' default 30 s grace period, so the kubelet never has to SIGKILL).
/// </summary>
public static partial class ShutdownSetup
{
    public const string TimeoutKey = "Atrium:ShutdownTimeout";
    public const string DrainDelayKey = "Atrium:ShutdownDrainDelay";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(25);

    public static IServiceCollection AddAtriumShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue(TimeoutKey, DefaultTimeout);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException($"{TimeoutKey} must be between 0 and 10 minutes (got {timeout}).");
        }

        var drainDelay = configuration.GetValue(DrainDelayKey, TimeSpan.Zero);
        if (drainDelay < TimeSpan.Zero || drainDelay >= timeout)
        {
            throw new InvalidOperationException($"{DrainDelayKey} must be at least 0 and less than {TimeoutKey} (got {drainDelay}).");
        }

        services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        services.AddSingleton(new ShutdownDrain.Settings(timeout, drainDelay));
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown", tags: ["ready"]);
        return services;
    }

    /// <summary>First in the pipeline: counts the requests in flight.</summary>
    public static WebApplication UseAtriumShutdown(this WebApplication app)
    {
        var drain = app.Services.GetRequiredService<ShutdownDrain>();
        app.Use(async (context, next) =>
        {
            drain.RequestStarted();
            try
            {
                await next(context);
            }
            finally
            {
                drain.RequestEnded();
            }
        });
        return app;
    }
}

/// <summary>Runs before any hosted service stops (Kestrel included): drain, then let the stop go on.</summary>
public sealed partial class ShutdownDrain(ShutdownDrain.Settings settings, TimeProvider clock, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private int _inFlight;

    public sealed record Settings(TimeSpan Timeout, TimeSpan DrainDelay);

    public bool Draining { get; private set; }

    internal void RequestStarted() => Interlocked.Increment(ref _inFlight);

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Draining = true;
        var inFlight = Volatile.Read(ref _inFlight);
        LogDraining(settings.DrainDelay, inFlight);
        try
        {
            if (settings.DrainDelay > TimeSpan.Zero)
            {
                await Task.Delay(settings.DrainDelay, clock, cancellationToken);
            }

            // Leave the other half of the budget to Kestrel and the background services.
            var deadline = clock.GetUtcNow() + (settings.Timeout - settings.DrainDelay) / 2;
            while (Volatile.Read(ref _inFlight) > 0 && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), clock, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }

        inFlight = Volatile.Read(ref _inFlight);
        LogDrained(inFlight);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: draining for {DrainDelay}, {InFlight} request(s) in flight")]
    private partial void LogDraining(TimeSpan drainDelay, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained; {InFlight} request(s) still in flight as the server stops")]
    private partial void LogDrained(int inFlight);
}

/// <summary>Not ready once shutdown has begun, so load balancers stop sending new work.</summary>
internal sealed class ShutdownHealthCheck(ShutdownDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.Draining ? HealthCheckResult.Unhealthy("Shutting down.") : HealthCheckResult.Healthy());
}
