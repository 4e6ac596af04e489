using System.CommandLine;
using DataLogger.Aws;
using DataLogger.Cli.Common;
using DataLogger.Query;

namespace DataLogger.Cli.Commands;

/// <summary><c>datalogger athena ddl</c>: prints the Glue catalog's DDL (two tables and the view), for people who set Athena up by hand.</summary>
static class AthenaCommand
{
    public static Command Create(Terminal terminal)
    {
        var bucket = new Option<string>("--bucket") { Description = "The data bucket.", HelpName = "BUCKET", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "A prefix before the series in the bucket.", HelpName = "PREFIX", DefaultValueFactory = _ => string.Empty };
        var database = new Option<string>("--database") { Description = "The Glue database.", HelpName = "NAME", DefaultValueFactory = _ => "datalogger" };
        var table = new Option<string>("--table") { Description = "The table.", HelpName = "NAME", DefaultValueFactory = _ => ReadingsTable.DefaultName };
        var ddl = new Command("ddl", "Print the statements that create the readings tables (JSON objects, compacted Parquet days; partition projection) and the view over both, and the notes' (their objects, compacted months) and their view.") { bucket, prefix, database, table };
        ddl.SetGuardedAction(terminal, async (parse, _) =>
        {
            await terminal.Out.WriteAsync(GlueTable.Ddl(parse.GetValue(database)!, parse.GetValue(table)!, parse.GetValue(bucket)!, parse.GetValue(prefix)!)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return new Command("athena", "Athena helpers.") { ddl };
    }
}
