using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// A shop of 15 customers by mid-2024 (P02 signs up after), as of D = 2024-06-30. One order per
/// line below, on the 15th of the month; 2024-02 has no orders at all.
///
///   A01 2023-07 400, 2023-08 300, 2024-06 300   A07 2023-12 100
///   A02 2023-09 500                             A08 2024-04 100
///   A03 2023-07 100, 2024-01 100, 2024-03 100   A09 2024-05  80
///       (churns after July, comes back)         A10 2024-06  50 (signed up 2024-06-01)
///   A04 2024-06 300 (signed up 2024-06-01)      A11 2023-07 20, 2023-08 20
///   A05 2023-10 200                             A12 2024-01  20
///   A06 2023-11 150                             B01 2023-03  60 (only before the window)
///   B02 only a cancelled order (2023-12);  P01 signed up 2024-01-10, never ordered;
///   P02 signed up 2024-07-15 (after D).  All others signed up 2023-01-01.
/// </summary>
public static class PyramidRetentionFixture
{
    public static readonly DateOnly AsOf = new(2024, 6, 30);

    public static FixtureSource Build()
    {
        var s = new FixtureSource().Product("P1", "Gifts", 1m, 10m);
        foreach (var id in new[] { "A01", "A02", "A03", "A05", "A06", "A07", "A08", "A09", "A11", "A12", "B01", "B02" })
            s.Customer(id, new DateOnly(2023, 1, 1));
        s.Customer("A04", new DateOnly(2024, 6, 1)).Customer("A10", new DateOnly(2024, 6, 1))
         .Customer("P01", new DateOnly(2024, 1, 10)).Customer("P02", new DateOnly(2024, 7, 15));
        void Sale(string c, int year, int month, decimal amount) => s.Sale(c, new DateOnly(year, month, 15), amount);
        Sale("A01", 2023, 7, 400); Sale("A01", 2023, 8, 300); Sale("A01", 2024, 6, 300);
        Sale("A02", 2023, 9, 500);
        Sale("A03", 2023, 7, 100); Sale("A03", 2024, 1, 100); Sale("A03", 2024, 3, 100);
        Sale("A04", 2024, 6, 300);
        Sale("A05", 2023, 10, 200);
        Sale("A06", 2023, 11, 150);
        Sale("A07", 2023, 12, 100);
        Sale("A08", 2024, 4, 100);
        Sale("A09", 2024, 5, 80);
        Sale("A10", 2024, 6, 50);
        Sale("A11", 2023, 7, 20); Sale("A11", 2023, 8, 20);
        Sale("A12", 2024, 1, 20);
        Sale("B01", 2023, 3, 60);
        s.Sale("B02", new DateOnly(2023, 12, 15), 70m, "cancelled");
        return s;
    }

    /// <summary>a / b truncated at the 8th decimal, as the marts store ratios.</summary>
    public static decimal Ratio(decimal a, decimal b) => decimal.Truncate(a / b * 100_000_000m) / 100_000_000m;
}
