using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Atrium.Platform.Observability;

/// <summary>
/// The <c>Atrium.Database</c> meter: <c>atrium.db.command.duration</c>, every command EF Core runs for
/// any module (SQLite or PostgreSQL), by provider, module context and outcome. PostgreSQL also
/// reports Npgsql's own connection-pool and command metrics.
/// </summary>
public sealed class DatabaseMetrics : DbCommandInterceptor
{
    public const string MeterName = "Atrium.Database";

    private readonly Histogram<double> _duration;

    public DatabaseMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("atrium.db.command.duration", "s", "How long database commands took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(eventData, "ok");
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(eventData, "ok");
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(eventData, "ok");
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData, "ok");
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(eventData, "ok");
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(eventData, "ok");
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Record(eventData, "error");

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(eventData, "error");
        return Task.CompletedTask;
    }

    private void Record(CommandEndEventData data, string outcome)
    {
        if (!_duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "db.system", System(data.Context) },
            { "context", data.Context?.GetType().Name ?? "none" },
            { "outcome", outcome },
        };
        _duration.Record(data.Duration.TotalSeconds, tags);
    }

    private static string System(DbContext? context) => context?.Database.ProviderName switch
    {
        "Npgsql.EntityFrameworkCore.PostgreSQL" => "postgresql",
        "Microsoft.EntityFrameworkCore.Sqlite" => "sqlite",
        var other => other ?? "unknown",
    };
}
