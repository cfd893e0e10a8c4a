using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Warehouse.Reports.Tests;

namespace Warehouse.Publishing.Blob.Tests;

/// <summary>
/// The Azurite Blob service from tests/node/node_modules (never a global install), on 127.0.0.1 and
/// a free port, in memory or in a folder (so data survives a restart). Stopped on dispose.
/// </summary>
internal sealed partial class Azurite : IDisposable
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string? _location;
    private readonly string _workFolder;
    private Process? _process;
    private string _log = "";

    private Azurite(string? location, int port)
    {
        _location = location;
        Port = port;
        _workFolder = Path.Combine(Path.GetTempPath(), "azurite-work-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_workFolder);
    }

    public int Port { get; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevAccountKey +
        $";BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Starts Azurite; <paramref name="location"/> null keeps the data in memory.</summary>
    public static Azurite Start(string? location = null)
    {
        var azurite = new Azurite(location, FreePort());
        try
        {
            azurite.StartProcess();
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
        return azurite;
    }

    /// <summary>Kills the process at once (SIGKILL): a crash, nothing flushed.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(30_000);
        }
    }

    /// <summary>Stops the process as an operator would (SIGTERM), so Azurite saves its data.</summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }
        if (OperatingSystem.IsWindows() || SendSignal(p.Id, 15) != 0 || !p.WaitForExit(30_000))
        {
            Kill();
        }
    }

    /// <summary>Starts it again on the same port and folder.</summary>
    public void Restart()
    {
        Kill();
        StartProcess();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void StartProcess()
    {
        string nodeFolder = NodeTools.EnsurePackages("azurite");
        string main = Path.Combine(nodeFolder, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        var start = new ProcessStartInfo(NodeTools.Node)
        {
            WorkingDirectory = _workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { main, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--silent", "--loose", "--disableTelemetry" })
        {
            start.ArgumentList.Add(a);
        }
        // For diagnosing a failure: AZURITE_DEBUG_LOG=/tmp/azurite-debug.log writes Azurite's debug log there.
        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG_LOG") is { Length: > 0 } debugLog)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(debugLog);
        }
        if (_location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }
        _log = "";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (this) _log += e.Data + "\n"; };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (this) _log += e.Data + "\n"; };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with {process.ExitCode}:\n{_log}");
            }
            if (Listening())
            {
                return;
            }
            Thread.Sleep(200);
        }
        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{Port} within 90 s:\n{_log}");
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054
}
