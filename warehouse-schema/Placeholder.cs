namespace Warehouse.Schema; internal static class Placeholder {}
