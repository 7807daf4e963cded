namespace Conformance.Model.Observations;

/// <summary>
/// What a cost unit measures: nixpkgs instances created, and the counters Nix's evaluator prints
/// with <c>NIX_SHOW_STATS</c> (see <see cref="CostFields.StatsPath"/> for where each is read).
/// </summary>
public enum CostCounter
{
    /// <summary>nixpkgs instances created: calls of <c>pkgs/top-level/default.nix</c>'s top-level function (<c>import nixpkgs { … }</c>, appendOverlays, extend and pkgsCross all go through it).</summary>
    Instances,

    /// <summary><c>nrThunks</c>: thunks allocated.</summary>
    Thunks,

    /// <summary><c>nrFunctionCalls</c>.</summary>
    FunctionCalls,

    /// <summary><c>envs.number</c>: environments allocated.</summary>
    Envs,

    /// <summary><c>values.number</c>: values allocated.</summary>
    Values,

    /// <summary><c>sets.number</c>: attribute sets allocated.</summary>
    Sets,

    /// <summary><c>gc.totalBytes</c>: bytes allocated through the garbage collector.</summary>
    GcBytes,

    /// <summary><c>cpuTime</c> in milliseconds: secondary, never compared (it varies from run to run and with the machine's load).</summary>
    CpuMilliseconds,

    /// <summary>Wall time of the unit's process in milliseconds (flake locking included): secondary, never compared.</summary>
    WallMilliseconds,

    /// <summary>Peak resident memory of the unit's process in KiB (GNU time): secondary, never compared (the garbage collector's timing moves it).</summary>
    PeakKilobytes,
}
