using System.Diagnostics;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// A real `dotnet warehouse.dll ...` process (the built command line next to the tests), its
/// stdout lines as they arrive (each with the time since start), and a way to kill it hard.
/// </summary>
public sealed class WarehouseProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WarehouseProcess(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "warehouse.dll"));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        foreach (var a in args) start.ArgumentList.Add(a);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _stdoutClosed.TrySetResult(); return; }
            lock (_lines) _lines.Add((_clock!.Elapsed, e.Data));
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { _stderrClosed.TrySetResult(); return; }
            lock (_errors) _errors.Add(e.Data);
        };
        _clock = Stopwatch.StartNew();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static WarehouseProcess Start(string workingDirectory, params string[] args) => new(workingDirectory, args);

    /// <summary>Starts `warehouse` with these environment variables set (WAREHOUSE_* settings).</summary>
    public static WarehouseProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(workingDirectory, args, environment);

    public int Id => _process.Id;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The stdout lines read so far, with the time each arrived.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> Lines { get { lock (_lines) return _lines.ToList(); } }

    public string Stdout => string.Join('\n', Lines.Select(l => l.Line));

    public string Stderr { get { lock (_errors) return string.Join('\n', _errors); } }

    /// <summary>Waits until the process exits or <paramref name="timeout"/> passes; true if it exited.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>SIGKILL on Linux (the whole tree); then waits for the process to be gone.
    /// False if the process had already exited by itself.</summary>
    public bool Kill()
    {
        bool killed;
        try
        {
            if (_process.HasExited) killed = false;
            else { _process.Kill(entireProcessTree: true); killed = true; }
        }
        catch (InvalidOperationException) { killed = false; }   // exited in between
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"process {_process.Id} did not exit 30 s after SIGKILL");
        // What the process wrote before it died may still be in the pipe: read it to its end, so
        // that Lines is everything it logged (on a loaded machine the readers lag the process).
        _process.WaitForExit();
        Task.WaitAll([_stdoutClosed.Task, _stderrClosed.Task], TimeSpan.FromSeconds(10));
        return killed;
    }

    /// <summary>Waits for exit (failing after <paramref name="timeout"/>) and for the output to be read to its end.</summary>
    public int WaitForExitCode(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"warehouse did not finish in {timeout.TotalSeconds:F0} s; output so far:\n{Stdout}\n{Stderr}");
        }
        _process.WaitForExit();   // flushes the asynchronous output readers
        Task.WaitAll([_stdoutClosed.Task, _stderrClosed.Task], TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    /// <summary>The exit code once the process has exited (for a killed process it says nothing useful).</summary>
    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
