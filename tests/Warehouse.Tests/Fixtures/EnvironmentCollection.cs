namespace Warehouse.Tests.Fixtures;

/// <summary>
/// Tests that change what the whole test process shares — environment variables (WAREHOUSE_*,
/// read by every settings load and inherited by every process a test starts), the current directory or
/// Console.Error —
/// run in this collection: alone, after the parallel collections, never beside another test.
/// Tests that only start processes with an environment of their own do not need it.
/// </summary>
[CollectionDefinition("environment", DisableParallelization = true)]
public sealed class EnvironmentCollection;
