namespace DataLogger.Cli.Doctor;

/// <summary>One line of <c>datalogger doctor</c>: what was checked, what was found, and for a failure what to do.</summary>
/// <param name="Name">What was checked (<c>clock</c>, <c>probe 28-0316a279c4ff</c>).</param>
/// <param name="Outcome">Whether it holds, fails, or did not apply.</param>
/// <param name="Found">What was found.</param>
/// <param name="Fix">What to do about a failure.</param>
sealed record DoctorCheck(string Name, DoctorOutcome Outcome, string Found, string? Fix = null)
{
    public static DoctorCheck Ok(string name, string found) => new(name, DoctorOutcome.Ok, found);

    public static DoctorCheck Failed(string name, string found, string fix) => new(name, DoctorOutcome.Failed, found, fix);

    public static DoctorCheck Skipped(string name, string why) => new(name, DoctorOutcome.Skipped, why);

    /// <summary>The line: <c>✓ clock: synchronized</c>, <c>✗ store: … fix: …</c>, <c>- mqtt: not set</c>.</summary>
    public override string ToString() => Outcome switch
    {
        DoctorOutcome.Ok => $"✓ {Name}: {Found}",
        DoctorOutcome.Failed => $"✗ {Name}: {Found}; fix: {Fix}",
        _ => $"- {Name}: {Found}",
    };
}

/// <summary>How a check came out.</summary>
enum DoctorOutcome
{
    Ok,
    Failed,
    Skipped,
}
