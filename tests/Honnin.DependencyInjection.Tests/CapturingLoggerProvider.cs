using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Honnin.DependencyInjection.Tests;

/// <summary>Keeps every log line at every level: category, event id, the formatted message and each structured value.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose()
    {
    }

    internal sealed record CapturedLine(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<string> Values)
    {
        /// <summary>Everything the line carries, as one text to search.</summary>
        public string AllText => Category + "\n" + EventId.Name + "\n" + Message + "\n" + string.Join("\n", Values);
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => p.Key + "=" + Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList()
                : [];
            if (exception is not null)
            {
                values.Add(exception.ToString());
            }

            lines.Enqueue(new CapturedLine(category, logLevel, eventId, formatter(state, exception), values));
        }
    }
}
