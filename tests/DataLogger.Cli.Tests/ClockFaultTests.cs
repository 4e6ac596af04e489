using DataLogger.Readings;
using DataLogger.Testing;

namespace DataLogger.Cli.Tests;

/// <summary>
/// The real agent on a Pi's clock faults, played with Debian's libfaketime (the wall clock set, and stepped while it
/// runs) and a preloaded <c>ntp_adjtime</c> that says the clock is not synchronized until told: a reboot with the clock
/// back keeps the first readings and keeps the second ones aside, an unsynchronized clock stores nothing until it is
/// synchronized, and a clock stepped back while running stores nothing at or before the newest reading.
/// </summary>
public sealed class ClockFaultTests : IDisposable
{
    static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    readonly TempDirectory _temp = new();
    readonly FakeW1Tree _w1;

    public ClockFaultTests() => _w1 = new FakeW1Tree(_temp.Combine("w1")).Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(20000));

    public void Dispose() => _temp.Dispose();

    string[] Agent(params string[] more) =>
        ["agent", "--data", _temp.Path, "--interval", "2s", "--sensor", "onewire", "--w1-root", _w1.Root, .. more];

    // The readings in the bucket (not those kept aside): their times and values.
    SortedDictionary<long, double> Stored() => Readings(_temp.Combine("bucket", "pool"), aside: false);

    // The readings kept aside.
    SortedDictionary<long, double> Aside() => Readings(_temp.Combine("bucket", "pool", ReadingKey.AsideFolder), aside: true);

    static SortedDictionary<long, double> Readings(string folder, bool aside)
    {
        var found = new SortedDictionary<long, double>();
        if (!Directory.Exists(folder))
        {
            return found;
        }

        foreach (var path in Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var isAside = path.Contains($"{Path.DirectorySeparatorChar}{ReadingKey.AsideFolder}{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            if (isAside == aside)
            {
                var reading = ReadingJson.Decode(File.ReadAllBytes(path));
                found[reading.Timestamp] = reading.Celsius;
            }
        }

        return found;
    }

    static async Task WaitUntil(Func<bool> condition, Running agent, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}. The agent's output:\n{agent}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task After_a_reboot_with_the_clock_set_back_the_first_readings_stay_and_the_second_ones_are_kept_aside()
    {
        var clock = await LibFaketime.StartingAtAsync(_temp.Path, Start);
        using (var first = Running.Start(Agent(), environment: clock.Environment()))
        {
            await WaitUntil(() => Stored().Count >= 3, first, "three readings");
            await first.StopAsync();
        }

        var before = Stored();
        Assert.All(before.Values, celsius => Assert.Equal(20.0, celsius));

        // Power cut; the Pi boots with the time fake-hwclock saved, the same 10:00:00, and the water is warmer now.
        _w1.Probe(FakeW1Tree.GoodId, FakeW1Tree.Good(25000));
        clock.Set(Start);
        using (var second = Running.Start(Agent(), environment: clock.Environment()))
        {
            await WaitUntil(() => Aside().Count >= 2, second, "two readings kept aside");
            await second.StopAsync();
            Assert.Contains(second.Output, line => line.Contains("is already stored as 20.000 °C; this one, 25.000 °C, is kept aside at pool/aside/2026/12/03/", StringComparison.Ordinal));
        }

        var after = Stored();
        Assert.All(before, reading => Assert.Equal(20.0, after[reading.Key])); // the first readings, all still there
        Assert.All(Aside(), reading =>
        {
            Assert.Contains(reading.Key, before.Keys); // only readings whose key held another
            Assert.Equal(25.0, reading.Value);
        });
        Assert.All(after.Where(r => !before.ContainsKey(r.Key)), r => Assert.Equal(25.0, r.Value)); // new times: stored as usual
    }

    [Fact]
    public async Task An_unsynchronized_clock_stores_nothing_until_it_is_synchronized()
    {
        var clock = await LibFaketime.StartingAtAsync(_temp.Path, Start);
        var ntp = await NtpShim.BuildAsync(_temp.Combine("shim"));
        var environment = clock.Environment(ntp.Library);
        environment[ntp.Variable.Key] = ntp.Variable.Value;
        environment["DATALOGGER__CLOCK"] = "synchronized";

        // The cron form takes nothing, and says why.
        var (exit, output, error) = await Executable.RunAsync(Agent("--once"), environment: environment);
        Assert.Equal(1, exit);
        Assert.Contains("The clock is not synchronized (no NTP yet): no reading taken", output + error);
        Assert.Empty(Directory.Exists(_temp.Combine("spool")) ? Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories) : []);

        // run --once too: the same samplers, the same check.
        (exit, output, error) = await Executable.RunAsync(["run", "--once", "--data", _temp.Combine("run"), "--sensor", "onewire", "--w1-root", _w1.Root], environment: environment);
        Assert.Equal(1, exit);
        Assert.Contains("The clock is not synchronized (no NTP yet): no reading taken", output + error);
        Assert.Empty(Directory.Exists(_temp.Combine("run", "bucket")) ? Directory.GetFiles(_temp.Combine("run", "bucket"), "*.json", SearchOption.AllDirectories) : []);

        using var agent = Running.Start(Agent(), environment: environment);
        await agent.WaitForLineAsync("Waiting for the clock to be synchronized \\(no NTP yet\\); readings start when it is");
        await Task.Delay(TimeSpan.FromSeconds(5)); // two intervals and more
        Assert.Empty(Stored());
        Assert.Empty(Directory.Exists(_temp.Combine("spool")) ? Directory.GetFiles(_temp.Combine("spool"), "*.json", SearchOption.AllDirectories) : []);

        ntp.Synchronize();
        await agent.WaitForLineAsync("The clock is synchronized");
        await WaitUntil(() => Stored().Count >= 1, agent, "a reading once the clock is synchronized");
        await agent.StopAsync();
    }

    [Fact]
    public async Task A_clock_that_cannot_be_asked_is_never_taken_for_synchronized_and_says_why()
    {
        // ntp_adjtime failing with EPERM, as under a unit whose system-call filter refuses clock_adjtime (the package's
        // agent unit before it allowed it): the kernel could answer, so the clock is not taken as synchronized.
        var ntp = await NtpShim.BuildAsync(_temp.Combine("shim"));
        ntp.Synchronize();
        ntp.Refuse();
        var environment = new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = ntp.Library, [ntp.Variable.Key] = ntp.Variable.Value, [ntp.RefusedVariable.Key] = ntp.RefusedVariable.Value, ["DATALOGGER__CLOCK"] = "synchronized",
        };

        var (exit, output, error) = await Executable.RunAsync(Agent("--once"), environment: environment);
        Assert.Equal(1, exit);
        Assert.Contains("cannot be asked whether it is synchronized (ntp_adjtime: operation not permitted", output + error);
        Assert.Empty(Stored());

        (exit, output, _) = await Executable.RunAsync(["doctor", "--data", _temp.Combine("doctor"), "--sensor", "onewire", "--w1-root", _w1.Root, "--port", "0"], environment: environment);
        Assert.NotEqual(0, exit);
        Assert.Contains("✗ clock: cannot be asked (ntp_adjtime: operation not permitted): no reading is taken while it cannot; fix: allow clock_adjtime", output);

        using var agent = Running.Start(Agent(), environment: environment);
        await agent.WaitForLineAsync("The kernel's clock cannot be asked whether it is synchronized");
        await Task.Delay(TimeSpan.FromSeconds(5)); // two intervals and more
        Assert.Empty(Stored());
        await agent.StopAsync();
    }

    [Fact]
    public async Task A_clock_stepped_back_while_running_stores_nothing_at_or_before_the_newest_reading()
    {
        var clock = await LibFaketime.StartingAtAsync(_temp.Path, Start);
        using var agent = Running.Start(Agent(), environment: clock.Environment());
        await WaitUntil(() => Stored().Count >= 3, agent, "three readings");
        var before = Stored();
        var newest = before.Keys.Max();

        clock.Set(Start - TimeSpan.FromMinutes(1)); // an NTP correction: a minute back
        await agent.WaitForLineAsync("The clock went back");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.True(Stored().Keys.Max() == newest || Stored().Keys.Where(t => t > newest).Count() <= 1, agent.ToString()); // at most one taken as the step came

        clock.Set(Start + TimeSpan.FromMinutes(1)); // and on again
        await WaitUntil(() => Stored().Keys.Max() > newest + 30, agent, "readings after the clock passed the newest");
        await agent.StopAsync();

        var after = Stored();
        Assert.Equal(before.Keys.Where(t => t <= newest), after.Keys.Where(t => t <= newest)); // nothing at or before the newest
        Assert.Empty(Aside());
    }
}
