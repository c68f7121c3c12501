using Atrium.Platform.Jobs.Admin;
using Atrium.Platform.Jobs.Api;
using Atrium.Platform.Jobs.Data;
using Atrium.Platform.Realtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Atrium.Platform.Jobs;

/// <summary>
/// Durable background and recurring jobs on Quartz.NET's clustered ADO.NET store (SQLite or
/// PostgreSQL, the platform's database), with Atrium's own job records for status, retries and results.
/// </summary>
public static class JobsModule
{
    public static IHostApplicationBuilder AddAtriumJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddModuleDbContext<JobsDbContext, SqliteJobsDbContext, PostgresJobsDbContext>(JobsDbContext.Schema);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, JobsJsonContext.Default));

        // The scheduler is configured while the host is built, so its settings are read here once.
        var options = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var database = DatabaseSettings.For(builder);
        var node = new JobsNode();
        services.AddSingleton(node);
        services.AddSingleton(new JobResultFiles(DataDirectory.Resolve(builder.Configuration, builder.Environment)));
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobsMetrics>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobUpdates>();
        services.AddSingleton<RunJobStore>();
        services.AddTransient<RunJobFiring>();
        services.AddTransient<RecurringJobFiring>();
        services.AddScoped<IJobQueue, JobQueue>();
        services.AddScoped<JobRuns>();
        services.AddScoped<AdminAccess>();
        services.AddScoped<JobsOverviewQuery>();
        services.AddRecurringJob<CleanupFinishedJobs>(CleanupFinishedJobs.Name, options.CleanupCron);

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.InstanceId = node.InstanceId;
                s.IdleWaitTime = options.PollInterval;
                // A shutdown asks running jobs to stop and waits for them; RequestRecovery on the run job
                // plus RecoverFiringsCancelledByShutdown hand each interrupted firing to the next worker.
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseDefaultThreadPool(options.Concurrency);
            q.UsePersistentStore(store =>
            {
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.ConfigureStore(s =>
                {
                    s.TablePrefix = QuartzSchema.TablePrefix(database.Provider);
                    // The jobs migrations create the tables; the worker starts the scheduler only after them.
                    s.SchemaProvisioning = SchemaProvisioning.None;
                    s.RecoverFiringsCancelledByShutdown = true;
                });
                // Quartz refuses to cluster on SQLite (one writer per file): the embedded default is one
                // process; replicas, and recurring jobs that fire once across them, need PostgreSQL.
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                }
            });
        });
        // Started by JobsWorker once the schema exists (and never with RunWorker=false); stopped with the host.
        services.AddQuartzHostedService(o =>
        {
            o.AutoStart = false;
            o.WaitForJobsToComplete = true;
        });
        services.AddHostedService<JobsWorker>();
        // Not a readiness check: with every worker down, dropping the API replicas from rotation would
        // turn a job backlog into an outage. It shows on /health, and deploy/prometheus/alerts.yml pages.
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs");
        return builder;
    }

    public static IEndpointRouteBuilder MapAtriumJobs(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        var jobs = api.MapGroup("").WithTags("Jobs");
        GetJob.Map(jobs);
        CancelJob.Map(jobs);
        DownloadJobResult.Map(jobs);
        GetJobsOverview.Map(api.MapGroup("").WithTags("Admin"));
        JobsAdminPage.Map(endpoints);
        endpoints.MapAtriumHub<JobsHub>("jobs");
        return endpoints;
    }
}
