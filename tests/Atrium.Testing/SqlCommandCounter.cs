using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Atrium.Testing;

/// <summary>
/// Counts the SQL commands EF sends for HTTP requests, to prove a request's cost does not grow
/// with its page size. Background work (the outbox relays, event consumers) runs on its own
/// schedule and is not counted: it would make the counts depend on timing.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<bool> InRequest = new();

    private int count;

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountOne();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountOne();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CountOne();
        return ValueTask.FromResult(result);
    }

    private void CountOne()
    {
        if (InRequest.Value)
        {
            Interlocked.Increment(ref count);
        }
    }

    /// <summary>Marks everything a request does (and only that) as counted.</summary>
    internal sealed class RequestMarker : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                InRequest.Value = true;
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
