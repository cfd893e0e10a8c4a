using System.Globalization;

namespace Warehouse.Etl.Staging;

/// <summary>
/// The amounts fact_order_line computes from an order line must fit its declared columns
/// (tables/facts/fact_order_line): gross_amount = quantity x unit_price and net_amount =
/// quantity x unit_price x (1 - discount_rate). A staging table with quantity and unit_price
/// (stg_order_lines, stg_flat_order_lines) has each line checked in decimal arithmetic as it is
/// staged, so a line that would overflow them is quarantined as number_out_of_range instead of
/// failing the whole run in the fact's SQL. (cost_amount and margin_amount need the product's
/// unit cost: transforms/staging/quarantine_order_lines checks them, with <see cref="SqlParameters"/>.)
/// </summary>
public sealed class ComputedAmountCheck
{
    private const string FactTable = "tables/facts/fact_order_line";
    private static readonly Lazy<IReadOnlyDictionary<string, DecimalType>> FactTypes = new(() => StagingLimits.DecimalTypes(FactTable));

    private readonly int _quantity, _unitPrice, _discountRate;
    private readonly DecimalType _gross, _net;

    private ComputedAmountCheck(int quantity, int unitPrice, int discountRate)
    {
        (_quantity, _unitPrice, _discountRate) = (quantity, unitPrice, discountRate);
        _gross = TypeOf("gross_amount");
        _net = TypeOf("net_amount");
    }

    private static DecimalType TypeOf(string column) => FactTypes.Value.TryGetValue(column, out var type)
        ? type
        : throw new InvalidOperationException($"{FactTable} declares no DECIMAL column {column}.");

    /// <summary>The check for a staging table's columns, or null when it has no quantity and unit_price.</summary>
    public static ComputedAmountCheck? For(IReadOnlyList<StagingColumn> columns)
    {
        int IndexOf(string name)
        {
            for (var i = 0; i < columns.Count; i++)
                if (columns[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
        var (quantity, unitPrice) = (IndexOf("quantity"), IndexOf("unit_price"));
        return quantity < 0 || unitPrice < 0 ? null : new ComputedAmountCheck(quantity, unitPrice, IndexOf("discount_rate"));
    }

    /// <summary>Why a converted row's amounts do not fit the fact, or null when they do.</summary>
    public RejectedValue? Check(object?[] values)
    {
        if (values[_quantity] is not int quantity || values[_unitPrice] is not decimal unitPrice) return null;
        var discount = _discountRate >= 0 && values[_discountRate] is decimal d ? d : 0m;
        decimal gross, net;
        try
        {
            gross = quantity * unitPrice;
            net = gross * (1 - discount);
        }
        catch (OverflowException)
        {
            return OutOfRange(quantity, unitPrice, discount, "gross_amount", _gross, "beyond any decimal");
        }
        if (!_gross.Holds(gross)) return OutOfRange(quantity, unitPrice, discount, "gross_amount", _gross, gross.ToString(CultureInfo.InvariantCulture));
        if (!_net.Holds(net)) return OutOfRange(quantity, unitPrice, discount, "net_amount", _net, net.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    private static RejectedValue OutOfRange(int quantity, decimal unitPrice, decimal discount, string column, DecimalType type, string amount) =>
        new("number_out_of_range", string.Create(CultureInfo.InvariantCulture,
            $"quantity {quantity} x unit_price {unitPrice}{(discount == 0 ? "" : $" x (1 - discount_rate {discount})")} = {amount}: out of range for fact_order_line.{column} {type} (at most {type.Precision - type.Scale} digits before the decimal point)"));

    /// <summary>The limits of the amounts that need the product's unit cost, for quarantine_order_lines:
    /// every |cost_amount| must be below :cost_amount_limit, every |margin_amount| below :margin_amount_limit.</summary>
    public static IReadOnlyDictionary<string, object?> SqlParameters() => new Dictionary<string, object?>
    {
        ["cost_amount_limit"] = TypeOf("cost_amount").Limit,
        ["margin_amount_limit"] = TypeOf("margin_amount").Limit,
    };
}
