using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DataLogger.Cli.Commands;
using DataLogger.Cli.Common;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// Every command the README and the guide show as an example, as a reader would type it. Each fenced one
/// (<c>$ datalogger …</c>, or a line of a <c>sh</c> block) runs for real, in the guide's order, through bash and the
/// real executable, in a sandbox that is the guide's own station: HOME empty but for three days of readings, the
/// guide's complete example as <c>datalogger.json</c>, its two probes as 1-Wire files, the files the examples name.
/// Each must exit as its shown output says (an <c>error:</c> line: not 0; else 0), print no stack trace, and print
/// each shown line that starts with words with those words. The few that need AWS, a service left running or the
/// package are parsed only, each with where it runs for real; every inline <c>`datalogger …`</c> is parsed too.
/// </summary>
public sealed partial class GuideExamplesTests : IDisposable
{
    readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>The examples not run here, each with where it is.</summary>
    static readonly Dictionary<string, string> RunElsewhere = new(StringComparer.Ordinal)
    {
        ["dotnet run --project src/DataLogger.Cli -- run --backfill 24h"] = "the quick start: FirstRunTests runs it five times from an empty HOME",
        ["datalogger doctor --config /etc/datalogger/datalogger.json --data /var/lib/datalogger"] = "the package's settings: DebianPackageTests installs the package and runs doctor on them",
        ["datalogger agent --once --store s3://my-pool-dat"] = "AWS: AgentS3Tests runs the agent against the S3-compatible server",
        ["datalogger agent --store s3://<DataBucketName> --series pool"] = "AWS: AgentS3Tests runs the agent against the S3-compatible server",
        ["datalogger functions invoke render --event athena-event.json"] = "the function's environment: FunctionsInvokeTests runs it against the S3-compatible server and Athena's stand-in",
        ["datalogger alerts test"] = "sends to ntfy.sh: AlertsEndToEndTests sends to each channel's real server",
        ["datalogger run"] = "serves until stopped: FirstRunTests, AlertsEndToEndTests and SettingsFileTests run it",
    };

    // Where a shown line's words end: a number, a quote, a path, a bracket: what differs from run to run.
    static readonly System.Buffers.SearchValues<char> WordsEnd = System.Buffers.SearchValues.Create("0123456789'\"/(<…");

    sealed record Example(string Page, int Line, string Command, IReadOnlyList<string> Shown);

    [Fact]
    public async Task Every_example_in_the_readme_and_the_guide_runs_as_shown_or_is_run_where_it_can_be()
    {
        var examples = Fenced().ToList();
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples found");
        Assert.Empty(RunElsewhere.Keys.Except(examples.Select(e => e.Command)));
        await PrepareAsync();

        var failures = new List<string>();
        foreach (var example in examples)
        {
            var problem = RunElsewhere.ContainsKey(example.Command)
                ? ParseProblem(example.Command.StartsWith("dotnet run", StringComparison.Ordinal) ? example.Command.Split(" -- ")[1] : example.Command["datalogger ".Length..], strict: true)
                : await RunProblemAsync(example);
            if (problem is not null)
            {
                failures.Add($"{example.Page}:{example.Line}: {example.Command}\n  {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_inline_datalogger_command_in_the_readme_and_the_guide_names_commands_and_flags_that_exist()
    {
        var failures = new List<string>();
        var count = 0;
        var commands = DataLoggerCommand.Create(Terminal.Plain(TextWriter.Null, TextWriter.Null)).Subcommands.Select(c => c.Name).Append("--version").ToHashSet(StringComparer.Ordinal);
        foreach (var (page, text) in Pages())
        {
            foreach (Match match in Inline().Matches(Regex.Replace(text, "```.*?```", string.Empty, RegexOptions.Singleline)))
            {
                var command = match.Groups[1].Value;
                if (command.IndexOfAny(['…', '[', '|', '<']) >= 0 || !commands.Contains(command.Split(' ')[1]))
                {
                    continue; // a form with placeholders, or a message that starts with the program's name
                }

                count++;
                if (ParseProblem(command["datalogger ".Length..], strict: false) is { } problem)
                {
                    failures.Add($"{page}: `{command}`: {problem}");
                }
            }
        }

        Assert.True(count >= 30, $"only {count} inline commands found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // The pages in reading order: the README, then the guide by its numbers.
    static IEnumerable<(string Page, string Text)> Pages()
    {
        var root = RepositoryRoot.Path;
        yield return ("README.md", File.ReadAllText(Path.Join(root, "README.md")));
        var guide = Directory.GetFiles(Path.Join(root, "docs", "guide"), "*.md")
            .OrderBy(f => int.Parse(Path.GetFileName(f).Split('-')[0], CultureInfo.InvariantCulture));
        foreach (var file in guide)
        {
            yield return ($"docs/guide/{Path.GetFileName(file)}", File.ReadAllText(file));
        }
    }

    // The fenced examples: "$ datalogger …" with the lines shown after it, or a line of a sh block.
    static IEnumerable<Example> Fenced()
    {
        foreach (var (page, text) in Pages())
        {
            var lines = text.Split('\n');
            string? fence = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fence = fence is null ? line[3..] : null;
                    continue;
                }

                if (fence is null)
                {
                    continue;
                }

                if (line.StartsWith("$ datalogger ", StringComparison.Ordinal) || line == "$ datalogger")
                {
                    var shown = lines.Skip(i + 1).TakeWhile(l => !l.StartsWith("$ ", StringComparison.Ordinal) && !l.StartsWith("```", StringComparison.Ordinal)).ToList();
                    yield return new Example(page, i + 1, Comment().Replace(line[2..], string.Empty).TrimEnd(), shown);
                }
                else if (fence is "sh" or "bash" && (line.StartsWith("datalogger ", StringComparison.Ordinal) || line.StartsWith("dotnet run ", StringComparison.Ordinal)))
                {
                    yield return new Example(page, i + 1, Comment().Replace(line, string.Empty).TrimEnd(), []);
                }
            }
        }
    }

    // The guide's station: its complete example as the settings, its two probes answering, three days of the pool's
    // readings, and the files the examples import (shaped as ThingSpeak's channel export and Home Assistant's
    // history download document them; ImportCommandTests has each in full).
    async Task PrepareAsync()
    {
        var root = RepositoryRoot.Path;
        var commands = await File.ReadAllTextAsync(Path.Join(root, "docs", "guide", "3-commands.md"));
        var complete = Regex.Match(commands, "<!-- example:begin -->\n```json\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        await File.WriteAllTextAsync(_home.Combine("datalogger.json"), complete);
        var w1 = new FakeW1Tree(_home.Combine("w1"));
        foreach (Match probe in Regex.Matches(complete, "\"id\": \"(28-[0-9a-f]{12})\""))
        {
            w1.Probe(probe.Groups[1].Value, FakeW1Tree.Good(26875));
        }

        Directory.CreateDirectory(_home.Combine("bin"));
        var wrapper = _home.Combine("bin", "datalogger");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet \"{Path.Join(AppContext.BaseDirectory, "datalogger.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var feeds = new StringBuilder("created_at,entry_id,field1,field2,latitude,longitude,elevation,status\n");
        var start = DateTimeOffset.UtcNow.AddDays(-40);
        for (var i = 0; i < 200; i++)
        {
            feeds.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss} UTC,{i + 1},{21.5 + Math.Sin(i / 20.0):0.00},55,,,,\n");
        }

        feeds.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(5 * 200):yyyy-MM-dd HH:mm:ss} UTC,201,,55,,,,\n");
        await File.WriteAllTextAsync(_home.Combine("feeds.csv"), feeds.ToString());
        var history = new StringBuilder("entity_id,state,last_changed\n");
        for (var i = 0; i < 50; i++)
        {
            history.Append(CultureInfo.InvariantCulture, $"sensor.pool_temperature,{(i == 20 ? "unavailable" : (30 + i / 10.0).ToString("0.0", CultureInfo.InvariantCulture))},{start.AddMinutes(5 * i):yyyy-MM-ddTHH:mm:ss.fffZ}\n");
        }

        await File.WriteAllTextAsync(_home.Combine("history.csv"), history.ToString());
        var (exit, output) = await BashAsync("datalogger generate --days 3");
        Assert.True(exit == 0, output);
    }

    async Task<string?> RunProblemAsync(Example example)
    {
        var expectsError = example.Shown.FirstOrDefault(l => l.Length > 0)?.StartsWith("error:", StringComparison.Ordinal) == true;
        if (!expectsError && ParseProblem(example.Command["datalogger ".Length..], strict: true) is { } parse)
        {
            return parse;
        }

        var (exit, output) = await BashAsync(example.Command);
        if (expectsError ? exit == 0 : exit != 0)
        {
            return $"exit {exit}, the guide shows {(expectsError ? "an error" : "success")}:\n{output}";
        }

        if (output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Exception", StringComparison.Ordinal))
        {
            return $"a stack trace:\n{output}";
        }

        var printed = output.Split('\n');
        foreach (var shown in example.Shown.Where(l => l.Length > 0 && char.IsAsciiLetter(l[0])))
        {
            var words = shown[..(shown.AsSpan().IndexOfAny(WordsEnd) is var cut and >= 0 ? cut : shown.Length)].TrimEnd();
            if (words.Length >= 4 && !printed.Any(p => p.StartsWith(words, StringComparison.Ordinal)))
            {
                return $"the guide shows a line starting \"{words}\", which it did not print:\n{output}";
            }
        }

        return null;
    }

    // Parsed by the command's own parser: strictly, no error; else (a command named in prose, its argument left out)
    // no unknown command or flag and no value of the wrong kind.
    static string? ParseProblem(string arguments, bool strict)
    {
        var parse = DataLoggerCommand.Create(Terminal.Plain(TextWriter.Null, TextWriter.Null)).Parse(Split(arguments));
        var errors = parse.Errors.Select(e => e.Message)
            .Where(m => strict || m.StartsWith("Unrecognized", StringComparison.Ordinal) || m.StartsWith("Cannot parse", StringComparison.Ordinal)).ToList();
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    // A command line as the shell splits it, for the parser: words, "double" and 'single' quotes, $HOME.
    static string[] Split(string line)
    {
        var words = new List<string>();
        foreach (Match word in Word().Matches(line))
        {
            var text = word.Value;
            words.Add(text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text.Replace("$HOME", "/home/pi", StringComparison.Ordinal));
        }

        return [.. words];
    }

    async Task<(int Exit, string Output)> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _home.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec 2>&1; " + command);
        start.Environment["HOME"] = _home.Path;
        start.Environment["XDG_DATA_HOME"] = string.Empty;
        start.Environment["XDG_CONFIG_HOME"] = string.Empty;
        start.Environment["PATH"] = _home.Combine("bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["DATALOGGER__W1ROOT"] = _home.Combine("w1");
        start.Environment["DATALOGGER__CLOCK"] = "trusted"; // a container's clock may say it is not synchronized; the clock's own tests cover that
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output);
    }

    [GeneratedRegex("`(datalogger [^`]+)`")]
    private static partial Regex Inline();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex Comment();

    [GeneratedRegex("\"[^\"]*\"|'[^']*'|\\S+")]
    private static partial Regex Word();
}
