using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Warehouse.Tests.Fixtures;

/// <summary>A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, from Debian's PostgreSQL
/// binaries (`.ci/run` installs them), run as the postgres user when the tests run as root.</summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;

    public PostgresServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        Assert.True(_bin.Length > 0, "PostgreSQL server binaries are missing: apt-get install postgresql (.ci/run does)");
        _data = Path.Combine(Path.GetTempPath(), "warehouse-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
        if (Environment.UserName == "root") Run("chown", "postgres", _data);
        Port = FreePort();
        AsPostgres("initdb", "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        AsPostgres("pg_ctl", "-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -k {_data} -c fsync=off", "start");
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
    }

    public int Port { get; }
    public string ConnectionString { get; }

    private void AsPostgres(string tool, params string[] args)
    {
        var exe = Path.Combine(_bin, tool);
        if (Environment.UserName == "root") Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90))) { p.Kill(true); throw new TimeoutException($"{file} did not finish"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {error.Result}{output.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { AsPostgres("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); } catch (Exception) { }
        try { Directory.Delete(_data, recursive: true); } catch (Exception) { }
    }
}
