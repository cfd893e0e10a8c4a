namespace Warehouse.Reports; internal static class Placeholder {}
