using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Warehouse.Reports;

/// <summary>What the saved workbook file needs beyond what ClosedXML writes, done with the Open XML SDK.</summary>
internal static partial class WorkbookPackage
{
    [GeneratedRegex(@"!\$?([A-Z]+|[0-9]+):\$?([A-Z]+|[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    /// <summary>
    /// Makes the print titles (rows and columns repeated on every page) absolute references, as
    /// Excel writes them: ClosedXML 0.95 writes <c>Cohorts!A:B,Cohorts!2:2</c>, and LibreOffice then
    /// repeats the rows but not the columns; <c>Cohorts!$A:$B,Cohorts!$2:$2</c> repeats both.
    /// </summary>
    public static void AbsolutePrintTitles(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: true);
        var workbook = document.WorkbookPart?.Workbook;
        if (workbook?.DefinedNames is not { } names)
        {
            return;
        }
        foreach (var name in names.Elements<S.DefinedName>().Where(n => n.Name?.Value == "_xlnm.Print_Titles"))
        {
            name.Text = Absolute(name.Text);
        }
        workbook.Save();
    }

    /// <summary><c>'Sheet'!A:B,'Sheet'!2:2</c> → <c>'Sheet'!$A:$B,'Sheet'!$2:$2</c>.</summary>
    internal static string Absolute(string reference) => RangePattern().Replace(reference, "!$$$1:$$$2");
}
