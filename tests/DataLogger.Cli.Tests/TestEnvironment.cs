using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace DataLogger.Cli.Tests;

/// <summary>What every test of the executable starts from.</summary>
static class TestEnvironment
{
    /// <summary>
    /// The machines the suite runs on may say their clock is not synchronized (a container's kernel): every executable
    /// the tests start trusts its clock, as on a machine with a real-time clock, unless a test says otherwise
    /// (<c>DATALOGGER__CLOCK=synchronized</c>: the clock tests).
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The ModuleInitializer attribute should not be used in libraries", Justification = "A test assembly: before any of its tests, in the process its executables inherit from.")]
    internal static void TrustTheClock() => Environment.SetEnvironmentVariable("DATALOGGER__CLOCK", "trusted");
}
