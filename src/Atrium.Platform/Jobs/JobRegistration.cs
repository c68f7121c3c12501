using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>How a module declares its jobs, from its <c>AddX()</c>.</summary>
public static class JobRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> under <paramref name="name"/>, the name stored with every
    /// record: keep it stable, or jobs already queued under the old name can no longer run.
    /// </summary>
    public static IServiceCollection AddBackgroundJob<TJob, TArgs>(this IServiceCollection services, string name, int? maxAttempts = null)
        where TJob : class, IBackgroundJob<TArgs>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, Data.JobRun.MaxNameLength);
        if (maxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), "A job needs at least one attempt.");
        }

        services.TryAddScoped<TJob>();
        services.AddSingleton(new BackgroundJobDefinition(name, typeof(TJob), maxAttempts, async (sp, json, context, ct) =>
        {
            var args = JsonSerializer.Deserialize<TArgs>(json, JobCatalog.ArgsJson)
                ?? throw new InvalidOperationException($"Job {name} has no arguments.");
            await sp.GetRequiredService<TJob>().RunAsync(args, context, ct);
        }));
        return services;
    }

    /// <summary>
    /// Runs <typeparamref name="TJob"/> on a Quartz cron schedule (seconds first: <c>0 15 3 * * ?</c>),
    /// once per firing across every replica sharing the database. A failed run is recorded as dead; the
    /// next firing is its retry.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, string cron)
        where TJob : class, IBackgroundJob<NoArgs>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!CronExpression.TryParse(cron, out _))
        {
            throw new ArgumentException($"'{cron}' is not a Quartz cron expression.", nameof(cron));
        }

        services.TryAddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(name, cron,
            (sp, context, ct) => sp.GetRequiredService<TJob>().RunAsync(NoArgs.Value, context, ct)));
        return services;
    }
}
