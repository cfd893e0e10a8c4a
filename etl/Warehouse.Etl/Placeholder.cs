namespace Warehouse.Etl; internal static class Placeholder {}
