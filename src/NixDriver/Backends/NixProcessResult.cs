namespace Conformance.NixDriver.Backends;

/// <summary>What a finished <c>nix</c> process left behind. stdout and stderr are kept apart:
/// stdout is the JSON result, stderr carries traces and warnings that are data too.</summary>
public sealed record NixProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    /// <summary>Peak resident memory, when the command asked for it and GNU time was available.</summary>
    public long? PeakRssKilobytes { get; init; }

    public bool Succeeded => ExitCode == 0;
}
