using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The quick start's first command as a new user runs it: an empty HOME (so the default data folder is new), five
/// times in a row, each asked for the page the moment it says it serves: never a 404 as the first answer (the page
/// not drawn yet says so), never a stack trace in what it prints.
/// </summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task The_quick_starts_first_command_five_times_from_an_empty_home_never_answers_404_first_and_never_prints_a_stack_trace()
    {
        using var home = new TempDirectory();
        using var http = new HttpClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var environment = new Dictionary<string, string> { ["HOME"] = home.Path, ["XDG_DATA_HOME"] = "", ["XDG_CONFIG_HOME"] = "" };
            using var run = Running.Start(["run", "--backfill", "24h", "--port", "0"], workingDirectory: home.Path, environment: environment);
            var address = (await run.WaitForLineAsync(@"^Serving (http://\S+) ")).Groups[1].Value;
            using var first = await http.GetAsync(address);
            Assert.True((int)first.StatusCode == 200, $"attempt {attempt}: the first answer was {(int)first.StatusCode}");
            await run.WaitForLineAsync("Site updated");
            Assert.Contains("<title>", await http.GetStringAsync(address), StringComparison.Ordinal);
            Assert.Equal(0, await run.InterruptAsync());
            Assert.DoesNotContain("   at ", run.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.ToString(), StringComparison.Ordinal);
        }

        Assert.True(Directory.Exists(Path.Join(home.Path, ".local", "share", "datalogger", "site")));
    }
}
