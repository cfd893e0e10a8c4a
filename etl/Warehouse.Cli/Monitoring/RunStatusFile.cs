using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Monitoring;

/// <summary>What the status file says: the run in progress (or the last one) of a warehouse.</summary>
public sealed record RunStatus
{
    public long? RunId { get; init; }
    /// <summary>run (the job), or publish (`warehouse publish` publishing a run again).</summary>
    public string Command { get; init; } = "run";
    public int Pid { get; init; }
    public string Machine { get; init; } = "";
    public DateTime StartedAt { get; init; }
    /// <summary>One of <see cref="RunPhase"/>.</summary>
    public string Phase { get; init; } = RunPhase.Starting;
    public DateTime PhaseStartedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    /// <summary>Why the run failed (phase failed); the load may have committed if it failed in publishing.</summary>
    public string? Error { get; init; }
    /// <summary>The phase the run failed in (phase failed).</summary>
    public string? FailedIn { get; init; }
}

/// <summary>Whether the process a status file names still runs.</summary>
public enum RunProcess
{
    Alive,
    /// <summary>Ended (or its pid now belongs to a later process): the run was killed if its phase is not an end.</summary>
    Gone,
    /// <summary>On another machine: cannot be checked from here.</summary>
    Elsewhere,
}

/// <summary>
/// <c>&lt;warehouse&gt;.status.json</c> beside a DuckDB warehouse: the job's phase as it runs, so that
/// `warehouse status` can show a run in progress while the run holds the warehouse file (DuckDB
/// admits one process). Written only by the process holding the warehouse's lock, at each phase,
/// atomically (a temporary file renamed over it): a reader sees the old state or the new one.
/// The warehouse's own history (etl_run, etl_publish) stays the record; this file is the live view.
/// </summary>
public sealed class RunStatusFile
{
    /// <summary>Test hook: a run entering this phase waits there until <c>&lt;status file&gt;.release</c>
    /// exists (or it is stopped, or 10 minutes pass), so that tests can look at it mid-run.</summary>
    public const string HoldVariable = "WAREHOUSE_TEST_HOLD_AT_PHASE";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ILogger _logger;
    private readonly CancellationToken _ct;
    private RunStatus _status;
    private bool _warned;

    private RunStatusFile(string path, string command, ILogger logger, CancellationToken ct)
    {
        Path = path;
        _logger = logger;
        _ct = ct;
        var now = DateTime.UtcNow;
        _status = new RunStatus
        {
            Command = command, Pid = Environment.ProcessId, Machine = Environment.MachineName, StartedAt = now, PhaseStartedAt = now, UpdatedAt = now,
        };
    }

    public string Path { get; }

    public static string PathFor(string warehousePath) => System.IO.Path.GetFullPath(warehousePath) + ".status.json";

    /// <summary>Starts the file for a run (or a publish: <paramref name="command"/>), in phase
    /// starting; call it holding the warehouse's lock.</summary>
    public static RunStatusFile Begin(string warehousePath, ILogger logger, CancellationToken ct, string command = "run")
    {
        var file = new RunStatusFile(PathFor(warehousePath), command, logger, ct);
        file.Write();
        file.HoldIfAsked(RunPhase.Starting);
        return file;
    }

    public long? RunId => _status.RunId;

    /// <summary>The run entered <paramref name="phase"/>.</summary>
    public void Enter(string phase, long? runId = null)
    {
        var now = DateTime.UtcNow;
        _status = _status with { RunId = runId ?? _status.RunId, Phase = phase, PhaseStartedAt = now, UpdatedAt = now };
        Write();
        HoldIfAsked(phase);
    }

    /// <summary>The run failed (in its load or its publish).</summary>
    public void Fail(string error)
    {
        var now = DateTime.UtcNow;
        _status = _status with { FailedIn = _status.Phase, Phase = RunPhase.Failed, PhaseStartedAt = now, UpdatedAt = now, Error = error };
        Write();
    }

    /// <summary>The status file at <paramref name="path"/>; null if there is none or it cannot be read.</summary>
    public static RunStatus? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the process that wrote <paramref name="status"/> still runs (a pid that now
    /// belongs to a process started after the run is not it).</summary>
    public static RunProcess Check(RunStatus status)
    {
        if (!string.Equals(status.Machine, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return RunProcess.Elsewhere;
        try
        {
            using var process = Process.GetProcessById(status.Pid);
            if (process.HasExited) return RunProcess.Gone;
            return process.StartTime.ToUniversalTime() > status.StartedAt.AddSeconds(2) ? RunProcess.Gone : RunProcess.Alive;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return RunProcess.Gone;
        }
    }

    private void Write()
    {
        var temporary = $"{Path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(_status, Json));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Monitoring must not fail the run: say it once.
            if (!_warned) _logger.LogWarning("Could not write the status file {Path} ({Error}); `warehouse status` cannot show this run while it runs", Path, e.Message);
            _warned = true;
        }
    }

    private void HoldIfAsked(string phase)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(HoldVariable), phase, StringComparison.Ordinal)) return;
        var release = Path + ".release";
        var until = DateTime.UtcNow.AddMinutes(10);
        while (!File.Exists(release) && DateTime.UtcNow < until && !_ct.WaitHandle.WaitOne(50))
        {
        }
        _ct.ThrowIfCancellationRequested();
    }
}
