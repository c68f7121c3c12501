using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Atrium.Platform.Tests.Observability;

/// <summary>
/// A logger provider that keeps everything any logger writes, at every level: the formatted
/// message, each structured value, every scope (with its values) and the exception, so a test can
/// search the whole log for what must never be in it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new List<string> { $"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}" };
            AddValues(entry, state);
            owner._scopes.ForEachScope((scope, list) =>
            {
                list.Add($"scope: {scope}");
                AddValues(list, scope);
            }, entry);
            if (exception is not null)
            {
                entry.Add(exception.ToString());
            }

            owner._entries.Enqueue(string.Join('\n', entry));
        }

        private static void AddValues(List<string> entry, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    entry.Add($"{key}={value}");
                }
            }
        }
    }
}
