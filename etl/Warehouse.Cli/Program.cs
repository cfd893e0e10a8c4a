using System.CommandLine;
using Warehouse.Cli.Commands;

var root = new RootCommand("warehouse: a customer-value data warehouse. Loads an operational source into a star schema, computes RFM and other customer-value marts, and publishes Parquet files and Excel workbooks.")
{
    DemoCommand.Create(),
    RunCommand.Create(),
    PublishCommand.Create(),
    BackfillCommand.Create(),
    GenerateSampleCommand.Create(),
    MigrateCommand.Create(),
    StatusCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
