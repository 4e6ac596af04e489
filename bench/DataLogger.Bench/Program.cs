using DataLogger.Bench;

// dotnet run -c Release --project bench/DataLogger.Bench -- query|render|latency|agent|s3|functions|views|notes|answers|ingest|mqtt|bill|alerts [runs] [work folder]
// dotnet run -c Release --project bench/DataLogger.Bench -- compare [runs] [work folder] [tag or commit, v0.26.0 by default] (its process figures, floors and anchors, then both trees' latency and views)
var scenario = args.Length > 0 ? args[0] : "query";
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
var work = args.Length > 2 ? args[2] : Path.Join(Path.GetTempPath(), "datalogger-bench");
Directory.CreateDirectory(work);
Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

switch (scenario)
{
    case "query":
        await QueryBenchmark.RunAsync(work, runs);
        break;
    case "render":
        await RenderBenchmark.RunAsync(Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../../shared/reference")), work, runs);
        break;
    case "latency":
        await LatencyBenchmark.RunAsync(work, runs);
        break;
    case "agent":
        await AgentBenchmark.RunAsync(work, runs);
        break;
    case "s3":
        await S3DrainBenchmark.RunAsync(work, runs);
        break;
    case "functions":
        await FunctionsBenchmark.RunAsync(work, runs);
        break;
    case "views":
        await ViewsBenchmark.RunAsync(work, runs);
        break;
    case "notes":
        await NotesBenchmark.RunAsync(work, runs);
        break;
    case "ingest":
        await IngestBenchmark.RunAsync(work, runs);
        break;
    case "answers":
        await AnswersBenchmark.RunAsync(work, runs);
        break;
    case "mqtt":
        await MqttBenchmark.RunAsync(work, runs);
        break;
    case "bill":
        await BillBenchmark.RunAsync(work, runs);
        break;
    case "alerts":
        await AlertsBenchmark.RunAsync(runs);
        break;
    case "compare":
        await CompareBenchmark.RunAsync(Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../../shared/reference")), work, runs, args.Length > 3 ? args[3] : "v0.26.0");
        break;
    default:
        Console.Error.WriteLine($"unknown scenario '{scenario}': use query, render, latency, agent, s3, functions, views, notes, answers, ingest, mqtt, bill, alerts or compare");
        return 2;
}

return 0;
