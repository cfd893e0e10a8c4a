using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// One case of the bad-input corpus (tests/Warehouse.Tests/BadInputCorpus): a data file and its
/// sidecar, <c>&lt;data file&gt;.case.json</c>, which says what is wrong with the file and what the
/// warehouse must do with it. The format is described in docs/operations.md ("Bad input: what each
/// kind of defect gets").
/// </summary>
public sealed record BadInputCase(
    string Name,
    string DataFile,
    string Defect,
    string Outcome,
    string Source,
    string Entity,
    JsonObject Flat,
    JsonObject SourceSettings,
    BadInputCase.Counts? Expect,
    string? Error,
    IReadOnlyList<BadInputCase.ValueCheck> Values,
    IReadOnlyDictionary<string, string[]> Companions)
{
    public const string SidecarSuffix = ".case.json";

    /// <summary>The keys a sidecar may have (a key outside them is a typo, which would silently
    /// leave a check out). <c>companions</c> (Source csv only): other entity files of the folder,
    /// entity name to lines of text, e.g. the order lines an orders case needs.</summary>
    public static readonly string[] Keys =
        ["defect", "outcome", "source", "entity", "flat", "sourceSettings", "expect", "error", "values", "companions"];

    public sealed record Counts(long Read, long Loaded, long Quarantined, IReadOnlyDictionary<string, long> Reasons);

    /// <summary>A query on the warehouse after the run and its rows, each value as text (null for NULL).</summary>
    public sealed record ValueCheck(string Sql, IReadOnlyList<IReadOnlyList<string?>> Rows);

    /// <summary>The corpus folder, read in the source tree: exactly the committed files (a copy
    /// beside the test binaries would keep running a case renamed or deleted since).</summary>
    public static string Folder { get; } = Path.Combine(SharedData.RepositoryRoot(), "tests", "Warehouse.Tests", "BadInputCorpus");

    /// <summary>The data files' names (every file of the folder that is not a sidecar).</summary>
    public static IEnumerable<string> DataFiles() => Directory.EnumerateFiles(Folder)
        .Select(Path.GetFileName).OfType<string>()
        .Where(n => !n.EndsWith(SidecarSuffix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    /// <summary>The sidecars' names.</summary>
    public static IEnumerable<string> Sidecars() => Directory.EnumerateFiles(Folder, "*" + SidecarSuffix)
        .Select(Path.GetFileName).OfType<string>()
        .Order(StringComparer.Ordinal);

    /// <summary>The sidecar's JSON, unparsed into the record (for the format checks).</summary>
    public static JsonObject SidecarJson(string sidecar)
    {
        var path = Path.Combine(Folder, sidecar);
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
               ?? throw new InvalidDataException($"{sidecar} is not a JSON object");
    }

    /// <summary>Reads the case of a data file (its name in the corpus folder).</summary>
    public static BadInputCase Load(string dataFile)
    {
        var json = SidecarJson(dataFile + SidecarSuffix);
        var expect = json["expect"] is JsonObject e
            ? new Counts(
                Number(e, "read"), Number(e, "loaded"), Number(e, "quarantined"),
                (e["reasons"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<long>(), StringComparer.Ordinal))
            : null;
        var values = (json["values"] as JsonArray ?? []).Select(v => new ValueCheck(
                (string)v!["sql"]!,
                (v["rows"] as JsonArray ?? []).Select(r => (IReadOnlyList<string?>)((JsonArray)r!).Select(Text).ToList()).ToList()))
            .ToList();
        var companions = (json["companions"] as JsonObject ?? [])
            .ToDictionary(p => p.Key, p => ((JsonArray)p.Value!).Select(l => (string)l!).ToArray(), StringComparer.Ordinal);
        return new BadInputCase(
            dataFile, Path.Combine(Folder, dataFile),
            (string?)json["defect"] ?? "", (string?)json["outcome"] ?? "",
            (string?)json["source"] ?? "flatfile", (string?)json["entity"] ?? "order_lines",
            json["flat"]?.DeepClone() as JsonObject ?? [], json["sourceSettings"]?.DeepClone() as JsonObject ?? [],
            expect, (string?)json["error"], values, companions);
    }

    private static long Number(JsonObject o, string key) =>
        o[key]?.GetValue<long>() ?? throw new InvalidDataException($"expect.{key} is missing");

    /// <summary>An expected value as text: a JSON string as it is, a number as written, null as null.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>The corpus default of Source:Flat (COMMON format): a header, ",", ISO timestamps,
    /// cancelled orders prefixed C, the seven columns mapped to the same header names.</summary>
    public static JsonObject DefaultFlat() => new()
    {
        ["Header"] = true,
        ["Delimiter"] = ",",
        ["TimestampFormats"] = new JsonArray("yyyy-MM-dd HH:mm:ss"),
        ["CancelledOrderPrefix"] = "C",
        ["Columns"] = new JsonObject
        {
            ["order_id"] = "order_id", ["order_ts"] = "order_ts", ["customer_id"] = "customer_id", ["country"] = "country",
            ["product_id"] = "product_id", ["quantity"] = "quantity", ["unit_price"] = "unit_price",
        },
    };

    /// <summary>The configuration file's JSON for this case: Source:Kind, Source:Path (the data
    /// file, or the folder it was copied to), Source:Flat (the default with the sidecar's keys
    /// over it, each key replaced whole) and the sidecar's other Source: keys.</summary>
    public JsonObject Configuration(string path)
    {
        var source = new JsonObject { ["Kind"] = Source, ["Path"] = path };
        if (Source == "flatfile")
        {
            var flat = DefaultFlat();
            foreach (var (key, value) in Flat)
            {
                var existing = flat.Select(p => p.Key).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
                if (existing is not null) flat.Remove(existing);
                flat[key] = value?.DeepClone();
            }
            source["Flat"] = flat;
        }
        foreach (var (key, value) in SourceSettings) source[key] = value?.DeepClone();
        return new JsonObject { ["Source"] = source };
    }

    public override string ToString() => Name;
}
