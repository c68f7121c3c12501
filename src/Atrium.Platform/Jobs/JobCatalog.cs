using System.Text.Json;

namespace Atrium.Platform.Jobs;

/// <summary>A registered background job: its stable name (stored with every record) and how to run it.</summary>
internal sealed record BackgroundJobDefinition(
    string Name, Type JobType, int? MaxAttempts, Func<IServiceProvider, string, JobContext, CancellationToken, Task> Invoke);

/// <summary>A registered recurring job: a name, a Quartz cron expression (seconds first), how to run it.</summary>
internal sealed record RecurringJobDefinition(
    string Name, string Cron, Func<IServiceProvider, JobContext, CancellationToken, Task> Invoke);

/// <summary>Every job this host knows, by name (what the store records) and by type (what callers enqueue).</summary>
internal sealed class JobCatalog(IEnumerable<BackgroundJobDefinition> jobs, IEnumerable<RecurringJobDefinition> recurring)
{
    public static readonly JsonSerializerOptions ArgsJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<Type, BackgroundJobDefinition> _byType = jobs.ToDictionary(j => j.JobType);
    private readonly Dictionary<string, BackgroundJobDefinition> _byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public IReadOnlyList<RecurringJobDefinition> Recurring { get; } = [.. recurring];

    public BackgroundJobDefinition For(Type jobType) =>
        _byType.TryGetValue(jobType, out var definition)
            ? definition
            : throw new InvalidOperationException($"{jobType.Name} is not registered: call services.AddBackgroundJob<{jobType.Name}, …>(name).");

    public Func<IServiceProvider, string, JobContext, CancellationToken, Task>? Find(string name)
    {
        if (_byName.TryGetValue(name, out var job))
        {
            return job.Invoke;
        }

        var schedule = Recurring.FirstOrDefault(r => r.Name == name);
        return schedule is null ? null : (sp, _, context, ct) => schedule.Invoke(sp, context, ct);
    }
}
