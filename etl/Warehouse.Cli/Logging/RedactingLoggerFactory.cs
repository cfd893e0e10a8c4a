using Microsoft.Extensions.Logging;

namespace Warehouse.Cli.Logging;

/// <summary>Wraps a logger factory so that every message, structured value and exception text is
/// passed through <see cref="Redactor"/> before any provider (text or JSON console) sees it.</summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = Redactor.Redact(formatter(state, null));
            var values = new List<KeyValuePair<string, object?>>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                    values.Add(new(key, key == "{OriginalFormat}" ? value : value switch
                    {
                        null => null,
                        string s => Redactor.Redact(s),
                        IFormattable or bool => value,
                        _ => Redactor.Redact(value.ToString()),
                    }));
            }
            var redactedException = exception is null ? null : new RedactedException(exception);
            inner.Log(logLevel, eventId, new RedactedState(message, values), redactedException, static (s, _) => s.Message);
        }
    }

    /// <summary>Structured values for the JSON formatter; ToString is the (redacted) message.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }
}

/// <summary>An exception whose text (type, message, stack) has been redacted.</summary>
public sealed class RedactedException(Exception original) : Exception(Redactor.Redact(original.Message))
{
    private readonly string _text = Redactor.Redact(original.ToString());
    public string OriginalType { get; } = original.GetType().FullName ?? original.GetType().Name;
    public override string? StackTrace => null;
    public override string ToString() => _text;
}
