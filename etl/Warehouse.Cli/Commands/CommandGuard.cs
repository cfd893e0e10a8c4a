using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Commands;

/// <summary>Turns failures into one clear line on stderr and an exit code: no stack traces.</summary>
public static class CommandGuard
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (WarehouseBusyException e)
        {
            return Fail(e.Message, ExitCodes.Busy);
        }
        catch (Warehouse.Etl.Configuration.SettingsException e)
        {
            return Fail(e.Message, ExitCodes.Usage);
        }
        catch (JobFailedException e) when (e.InnerException is OperationCanceledException)
        {
            return Fail($"{e.Message} (stopped by a signal; nothing was committed)", ExitCodes.Cancelled);
        }
        catch (JobFailedException e) when (e.InnerException is Warehouse.Etl.Configuration.SettingsException)
        {
            return Fail(e.Message, ExitCodes.Usage);
        }
        catch (JobFailedException e)
        {
            return Fail(e.Message, ExitCodes.Failed);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return Fail(e.Message, e is InvalidOperationException ? ExitCodes.Failed : ExitCodes.Usage);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled (stopped by a signal; nothing was committed)", ExitCodes.Cancelled);
        }
        catch (Exception e)
        {
            return Fail($"{e.GetType().Name}: {e.Message}", ExitCodes.Failed);
        }
    }

    private static int Fail(string message, int code)
    {
        // One line: engines' messages can span several (DuckDB adds a caret diagram).
        var first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "failed";
        Console.Error.WriteLine($"error: {Logging.Redactor.Redact(first)}");
        return code;
    }
}
