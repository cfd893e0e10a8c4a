using System.CommandLine;
using Warehouse.Etl.Engines;
using Warehouse.Schema;

namespace Warehouse.Cli.Commands;

/// <summary>`warehouse script`: the complete SQL for an engine, as files for a DBA.</summary>
public static class ScriptCommand
{
    private static readonly string[] Engines = ["sqlserver", "postgres", "duckdb"];

    public static Command Create()
    {
        var engine = new Option<string>("--engine") { Description = "sqlserver, postgres or duckdb.", DefaultValueFactory = _ => "sqlserver" };
        // As Warehouse:Engine, in any case ("DuckDB"); another name is a parse error naming the flag (exit 2).
        engine.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[^1].Value is var name && !Engines.Contains(name, StringComparer.OrdinalIgnoreCase))
                result.AddError($"--engine '{name}' is not supported; use 'sqlserver', 'postgres' or 'duckdb'");
        });
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the scripts into.", DefaultValueFactory = _ => "sql-script" };
        var command = new Command("script", "Write the warehouse's complete SQL for an engine (schema migrations, transforms, marts, queries) to files for review and deployment.")
        {
            engine, output,
        };
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var target = WarehouseEngine.For(parse.GetValue(engine)!);
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var files = SqlScript.Render(target.Dialect, SqlCatalog.Embedded);
            foreach (var (path, text) in files)
            {
                var full = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }
            Console.WriteLine($"Wrote {files.Count} {target.Name} scripts to {folder}: migrations/ (apply in order; each records itself in schema_version), transforms/ and queries/ (what the job runs).");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
