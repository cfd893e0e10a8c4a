using System.Text;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Text;

/// <summary>What every text reader (the flat files, the CSV folder) reads the same way: the
/// encoding of files that are not UTF-8 and how many physical lines one row may span.</summary>
public sealed record TextReadOptions
{
    /// <summary>The default: UTF-8 (invalid bytes quarantine their row), rows of at most 20 lines.</summary>
    public static TextReadOptions Default { get; } = new();

    /// <summary>Null: UTF-8, whose invalid bytes quarantine the row as invalid_encoding; otherwise
    /// the encoding every file is decoded with (an encoding that writes ASCII as ASCII).</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>The most physical lines a row may span (a quoted field with line breaks in it).</summary>
    public int MaxLinesPerRow { get; init; } = SourceSettings.DefaultMaxLinesPerRow;

    /// <summary>The options of <see cref="SourceSettings"/>: Source:Encoding and Source:MaxLinesPerRow,
    /// checked (a <see cref="SettingsException"/> naming the key).</summary>
    public static TextReadOptions From(SourceSettings settings)
    {
        if (settings.MaxLinesPerRow < 1)
            throw new SettingsException($"Source:MaxLinesPerRow must be at least 1 (got {settings.MaxLinesPerRow}).");
        return new TextReadOptions { Encoding = EncodingOf(settings.Encoding), MaxLinesPerRow = settings.MaxLinesPerRow };
    }

    /// <summary>Null for UTF-8 (the default, checked strictly); the named encoding otherwise.</summary>
    public static Encoding? EncodingOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            throw new SettingsException($"Source:Encoding '{name}' is not an encoding this program knows; use for example utf-8 (the default), windows-1252 or iso-8859-1.");
        }
        if (encoding.CodePage == 65001) return null;
        if (!encoding.GetBytes(",;\t|\"\r\n azAZ09").AsSpan().SequenceEqual(",;\t|\"\r\n azAZ09"u8))
            throw new SettingsException($"Source:Encoding '{name}' does not write ASCII as ASCII (as UTF-16 does), so its files cannot be split into fields; save the files as UTF-8 or in a single-byte encoding such as windows-1252.");
        return encoding;
    }
}
