using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Warehouse.Cli.Logging;

/// <summary>Writes each log event to the console on the caller's thread, before the call returns.
/// The stock console logger queues lines for a background thread, so a process killed (SIGKILL,
/// OOM killer, a pulled plug) loses its last lines — exactly the ones an operator needs after a
/// crash, and the ones that say how far a killed load got. Here a line is on stdout (or stderr for
/// warnings and errors) once Log returns.
/// Text: "HH:mm:ss info: category[event] message"; JSON: one object per line with Timestamp,
/// EventId, LogLevel, Category, Message, State and Exception, as the stock JSON console writes.</summary>
public sealed class SynchronousConsoleLoggerProvider(bool json, TextWriter? stdout = null, TextWriter? stderr = null) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly TextWriter _out = stdout ?? Console.Out;
    private readonly TextWriter _error = stderr ?? Console.Error;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Write(LogLevel level, string line)
    {
        var writer = level >= LogLevel.Warning ? _error : _out;
        lock (_gate)
        {
            writer.Write(line);
            writer.Flush();
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class Logger(SynchronousConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            var now = DateTimeOffset.Now;
            var line = provider.Json(logLevel, eventId, state, exception, message, now, category)
                ?? Text(logLevel, eventId, exception, message, now);
            provider.Write(logLevel, line);
        }

        private string Text(LogLevel level, EventId eventId, Exception? exception, string message, DateTimeOffset now)
        {
            var text = new StringBuilder();
            text.Append(now.ToString("HH:mm:ss ", CultureInfo.InvariantCulture))
                .Append(Short(level)).Append(": ").Append(category)
                .Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
                .Append(message.ReplaceLineEndings(" "));
            if (exception is not null) text.Append(' ').Append(exception.ToString().ReplaceLineEndings(" "));
            return text.Append(Environment.NewLine).ToString();
        }
    }

    private string? Json<TState>(LogLevel level, EventId eventId, TState state, Exception? exception, string message, DateTimeOffset now, string category)
    {
        if (!json) return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Timestamp", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteNumber("EventId", eventId.Id);
            writer.WriteString("LogLevel", level.ToString());
            writer.WriteString("Category", category);
            writer.WriteString("Message", message);
            if (exception is not null) writer.WriteString("Exception", exception.ToString());
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                writer.WriteStartObject("State");
                writer.WriteString("Message", state.ToString());
                foreach (var (key, value) in pairs)
                {
                    switch (value)
                    {
                        case null: writer.WriteNull(key); break;
                        case bool b: writer.WriteBoolean(key, b); break;
                        case int or long or short or byte or decimal:
                            writer.WriteNumber(key, Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
                        case double d when double.IsFinite(d): writer.WriteNumber(key, d); break;
                        case IFormattable f: writer.WriteString(key, f.ToString(null, CultureInfo.InvariantCulture)); break;
                        default: writer.WriteString(key, value.ToString()); break;
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }
}
