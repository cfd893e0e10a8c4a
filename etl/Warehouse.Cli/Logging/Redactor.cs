using System.Text.RegularExpressions;

namespace Warehouse.Cli.Logging;

/// <summary>Masks secret values in text the program prints or logs: connection-string keys
/// (Password=, Pwd=, AccountKey=, SharedAccessSignature=) and SAS query parameters (sig=).</summary>
public static partial class Redactor
{
    public const string Mask = "***";

    // Connection-string keys: the value runs to the next ';' (or is quoted). SAS query parameter
    // sig: to the next '&', ';', quote or space.
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|accountkey|sharedaccesssignature)\s*=\s*)(?:""[^""]*""|'[^']*'|[^;""'\r\n]+)|(?<key>\bsig\s*=\s*)[^;&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();

    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : SecretPattern().Replace(text, m => m.Groups["key"].Value + Mask);
}
