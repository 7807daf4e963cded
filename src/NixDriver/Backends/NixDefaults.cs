namespace Conformance.NixDriver.Backends;

/// <summary>Defaults every layer shares, declared once (the CLI shows them in help).</summary>
public static class NixDefaults
{
    /// <summary>Parallel <c>nix</c> processes: one per core of the 2-core machines this runs on; evaluation is single-threaded.</summary>
    public const int Workers = 2;

    /// <summary>
    /// Wall-clock limit for one <c>nix</c> process: a batch of a few dozen machines takes well under a
    /// minute here, so hitting ten minutes means a loop or a hung store lock, not a slow case.
    /// </summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(10);
}
