using System.CommandLine;
using DataLogger.Cli.Common;
using DataLogger.Cli.Common.Commands;

// The Pi's build: only `datalogger agent`, so it carries no DuckDB, SkiaSharp or web server.
var terminal = Terminal.System;
var data = CommonOptions.Data();
var root = new RootCommand("DataLogger agent: read the probes and upload the readings.") { data, AgentCommand.Create(terminal, data) };
return await CommandLineApp.RunAsync(root, args, terminal).ConfigureAwait(false);
