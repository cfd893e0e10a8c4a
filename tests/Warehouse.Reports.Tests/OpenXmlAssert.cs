using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Warehouse.Reports.Tests;

/// <summary>Checks a workbook against the Open XML SDK's schema validator (Office 2013), the
/// independent judge of what Excel will open without a repair prompt.</summary>
internal static class OpenXmlAssert
{
    public static void Valid(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2013).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
        Assert.Empty(errors);
    }
}
