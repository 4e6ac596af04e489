using System.Globalization;
using DataLogger.Testing;

namespace DataLogger.Bench;

/// <summary>
/// Two builds side by side (issue 37): this working tree and a chosen tag or commit (built from a git worktree), each
/// published NativeAOT as the package ships it, measured in the same rounds, one after the other, beside each figure's
/// anchor and floor (<see cref="Floors"/>): <c>--version</c> beside a NativeAOT "hello"; <c>render --csv</c> of the
/// reference day at 1000x500 beside a blank PNG of that size and matplotlib's whole process; the slim agent's
/// <c>agent --once</c> upload beside one signed PUT on a raw socket and <c>aws s3 cp</c>;
/// <c>run</c>'s resident memory once it has drawn the four views of a backfilled day; and, from each tree's own bench
/// run alternately, the time from a reading stored to its page updated and the year view's query and render.
/// A regression shows as a ratio measured in one run, whatever the machine's load that day.
/// </summary>
static partial class CompareBenchmark
{
    sealed record Build(string Name, string Cli, string Agent);

    public static async Task RunAsync(string reference, string work, int runs, string against)
    {
        var root = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "../../../../../"));
        var commit = (await ProcessRunner.RunAsync("git", ["-C", root, "rev-parse", "--short", against + "^{commit}"])).Output.Trim();
        var source = Path.Join(work, "src-" + commit);
        if (!Directory.Exists(source))
        {
            await MustAsync("git", ["-C", root, "worktree", "add", "--detach", source, commit]);
        }

        Build[] builds = [await PublishAsync($"{against} ({commit})", source, Path.Join(work, "build-" + commit)), await PublishAsync("today", root, Path.Join(work, "build-today"))];
        var (hello, blankPng, signedPut) = await Floors.BuildAsync(work, root);
        await using var server = await S3Server.StartAsync(Path.Join(work, "compare-s3"));
        var aws = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = S3Server.AccessKey, ["AWS_REGION"] = "us-east-1", ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        foreach (var (name, value) in aws)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        var csv = Path.Join(reference, "readings-24h.csv");
        var reading = Path.Join(work, "compare-reading.json");
        await File.WriteAllTextAsync(reading, """{"timestamp":1796400000,"celsius":21.5,"fahrenheit":70.7}""");
        var figures = new Dictionary<string, Samples>();
        Samples Of(string name) => Figure(figures, name);
        var awsCli = ProcessRunner.OnPath("aws");
        for (var round = 0; round < runs; round++)
        {
            Of("floor: NativeAOT hello, wall").Add((await TimedAsync([hello])).Wall);
            Of("floor: a blank 1000x500 PNG, wall").Add((await TimedAsync([blankPng, Path.Join(work, "compare-blank.png")])).Wall);
            var put = await TimedAsync([signedPut, server.Endpoint.ToString(), S3Server.Bucket, $"floor/{round}.json", reading]);
            Of("floor: one signed PUT on a raw socket, CPU").Add(put.Cpu);
            Of("floor: one signed PUT on a raw socket, peak MiB").Add(put.PeakMiB);
            foreach (var build in builds)
            {
                Of($"{build.Name}: --version, wall").Add((await TimedAsync([build.Cli, "--version"])).Wall);
                Of($"{build.Name}: render --csv 1000x500, wall").Add((await TimedAsync([build.Cli, "render", "--csv", csv, "--chart", Path.Join(work, "compare.png"), "--scale", "1", "--tz", "UTC"])).Wall);
                var upload = await TimedAsync([build.Agent, "agent", "--once", "--store", $"s3://{S3Server.Bucket}/compare", "--s3-endpoint", server.Endpoint.ToString(),
                    "--spool", Path.Join(work, "compare-spool"), "--sensor", "simulated"]);
                Of($"{build.Name}: agent --once, CPU").Add(upload.Cpu);
                Of($"{build.Name}: agent --once, peak MiB").Add(upload.PeakMiB);
                if (round < 3)
                {
                    // run serving, 12 s after its start: the day backfilled, the four views drawn, the server up.
                    var data = Path.Join(work, $"compare-run-{build.Name.Split(' ')[0]}-{round}");
                    var (resident, peak) = await AgentBenchmark.MemoryAsync(build.Cli, ["run", "--data", data, "--port", "0", "--sensor", "simulated", "--backfill", "24h"], TimeSpan.FromSeconds(12));
                    Of($"{build.Name}: run after the four views, RSS MiB").Add(resident);
                    Of($"{build.Name}: run after the four views, peak MiB").Add(peak);
                }
            }

            if (round < Math.Min(runs, 7))
            {
                Of("matplotlib: render, whole process, wall").Add((await TimedAsync(["/usr/bin/python3", Path.Join(reference, "matplotlib_xkcd.py"), csv, Path.Join(work, "compare-matplotlib.png")])).Wall);
                if (awsCli is not null)
                {
                    var cp = await TimedAsync([awsCli, "s3", "cp", reading, $"s3://{S3Server.Bucket}/cli/{round}.json", "--endpoint-url", server.Endpoint.ToString(), "--only-show-errors"]);
                    Of("aws s3 cp: CPU").Add(cp.Cpu);
                    Of("aws s3 cp: peak MiB").Add(cp.PeakMiB);
                }
            }
        }

        await InProcessAsync(figures, [(builds[0].Name, source), (builds[1].Name, root)], work);
        foreach (var samples in figures.Values)
        {
            Console.WriteLine(samples.ToString().Replace(" ms", samples.Name.EndsWith("MiB", StringComparison.Ordinal) ? " MiB" : " ms", StringComparison.Ordinal));
        }

        Ratios(figures, builds);
    }

    // The samples of one figure, made on first use.
    static Samples Figure(Dictionary<string, Samples> figures, string name) => figures.TryGetValue(name, out var s) ? s : figures[name] = new Samples(name);

    // The in-process figures of each tree, from its own bench (its Release build), run alternately twice: the time from a
    // reading stored to its page updated (one series), and the year view's query and render over a compacted year.
    static async Task InProcessAsync(Dictionary<string, Samples> figures, (string Name, string Source)[] trees, string work)
    {
        foreach (var (_, source) in trees)
        {
            await MustAsync("dotnet", ["build", "-c", "Release", Path.Join(source, "bench", "DataLogger.Bench")]);
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var (name, source) in trees)
            {
                var folder = Path.Join(work, "in-process-" + name.Split(' ')[0]);
                foreach (var (scenario, runs, line, figure) in new[]
                {
                    ("latency", "20", "reading stored -> site updated", "reading stored -> page updated, one series"),
                    ("views", "7", "1y: query + render, compacted", "year view, query + render, compacted"),
                })
                {
                    var (exit, output) = await ProcessRunner.RunAsync("dotnet", ["run", "-c", "Release", "--no-build", "--project", Path.Join(source, "bench", "DataLogger.Bench"), "--", scenario, runs, folder]);
                    var median = exit == 0 ? MedianLine().Matches(output).FirstOrDefault(m => m.Groups[1].Value.Trim() == line) : null;
                    Figure(figures, $"{name}: {figure}").Add(median is not null ? double.Parse(median.Groups[2].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"{name}'s {scenario} bench gave no '{line}': {output}"));
                }
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(.+?)\s+median\s+([0-9.]+) ms", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex MedianLine();

    // Each figure of each build as a ratio to the build before, to its floor and to its peer.
    static void Ratios(Dictionary<string, Samples> figures, Build[] builds)
    {
        double M(string name) => figures.TryGetValue(name, out var s) && s.Count > 0 ? s.Median : double.NaN;
        var (before, today) = (builds[0].Name, builds[1].Name);
        foreach (var figure in new[] { "--version, wall", "render --csv 1000x500, wall", "agent --once, CPU", "agent --once, peak MiB", "run after the four views, RSS MiB", "reading stored -> page updated, one series", "year view, query + render, compacted" })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{figure}: today / {before} = {M($"{today}: {figure}") / M($"{before}: {figure}"):0.00}x"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"--version: {M($"{today}: --version, wall") / M("floor: NativeAOT hello, wall"):0.0}x its floor (before: {M($"{before}: --version, wall") / M("floor: NativeAOT hello, wall"):0.0}x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"render: {M($"{today}: render --csv 1000x500, wall") / M("floor: a blank 1000x500 PNG, wall"):0.0}x its floor (before: {M($"{before}: render --csv 1000x500, wall") / M("floor: a blank 1000x500 PNG, wall"):0.0}x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agent: CPU {M($"{today}: agent --once, CPU") / M("floor: one signed PUT on a raw socket, CPU"):0.0}x its floor's, peak {M($"{today}: agent --once, peak MiB") / M("floor: one signed PUT on a raw socket, peak MiB"):0.0}x (before: {M($"{before}: agent --once, CPU") / M("floor: one signed PUT on a raw socket, CPU"):0.0}x, {M($"{before}: agent --once, peak MiB") / M("floor: one signed PUT on a raw socket, peak MiB"):0.0}x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"render: matplotlib / today = {M("matplotlib: render, whole process, wall") / M($"{today}: render --csv 1000x500, wall"):0.0}x (before: {M("matplotlib: render, whole process, wall") / M($"{before}: render --csv 1000x500, wall"):0.0}x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agent: CPU {M($"{today}: agent --once, CPU") / M("aws s3 cp: CPU"):0.000}x aws s3 cp's (before: {M($"{before}: agent --once, CPU") / M("aws s3 cp: CPU"):0.000}x)"));
    }

    // The CLI and the slim agent of one source tree, NativeAOT for this machine (kept: a second run reuses them).
    static async Task<Build> PublishAsync(string name, string source, string output)
    {
        foreach (var project in new[] { "DataLogger.Cli", "DataLogger.Agent" })
        {
            var folder = Path.Join(output, project);
            if (!File.Exists(Path.Join(folder, "datalogger")) || name == "today")
            {
                await MustAsync("dotnet", ["publish", Path.Join(source, "src", project), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
                    "--artifacts-path", Path.Join(output, "artifacts-" + project), "-o", folder]);
            }
        }

        Console.WriteLine($"{name}: {output}");
        return new Build(name, Path.Join(output, "DataLogger.Cli", "datalogger"), Path.Join(output, "DataLogger.Agent", "datalogger"));
    }

    static async Task MustAsync(string file, string[] args)
    {
        var (exit, output) = await ProcessRunner.RunAsync(file, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}");
        }
    }

    // Wall and CPU time (bash's time, from getrusage) and peak resident memory (GNU time's %M) of one process.
    static async Task<(double Wall, double Cpu, double PeakMiB)> TimedAsync(string[] command)
    {
        var (exit, output) = await ProcessRunner.RunAsync("/usr/bin/time", ["-f", "MEM %M", "bash", "-c", "TIMEFORMAT='TIME %3U %3S %3R'; time \"$@\" > /dev/null", "bash", .. command]);
        var lines = output.Split('\n');
        if (exit != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed: {output}");
        }

        var time = lines.Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
        var memory = lines.Last(l => l.StartsWith("MEM ", StringComparison.Ordinal)).Split(' ');
        double Ms(string seconds) => double.Parse(seconds, CultureInfo.InvariantCulture) * 1000;
        return (Ms(time[3]), Ms(time[1]) + Ms(time[2]), double.Parse(memory[1], CultureInfo.InvariantCulture) / 1024.0);
    }
}
