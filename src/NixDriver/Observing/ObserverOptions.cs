namespace Conformance.NixDriver.Observing;

/// <summary>How cases are batched and run. Defaults fit a 2-core, 24 GiB machine.</summary>
public sealed record ObserverOptions
{
    /// <summary>Parallel <c>nix</c> processes (<see cref="Backends.NixDefaults.Workers"/>).</summary>
    public int Workers { get; init; } = Backends.NixDefaults.Workers;

    /// <summary>
    /// Memory budget per process in MB. A machine evaluation costs about 105 MB (measured), plus
    /// ~400 MB fixed per process; the batch size follows from this budget.
    /// </summary>
    public int MemoryBudgetMegabytesPerProcess { get; init; } = 3000;

    /// <summary>Measured cost of one machine evaluation (NixOS module system + a nixpkgs instance).</summary>
    public int MegabytesPerMachineEvaluation { get; init; } = 105;

    /// <summary>Upper bound on cases per batch, whatever the budget: a smaller batch bisects faster when a case breaks it.</summary>
    public int MaxCasesPerBatch { get; init; } = 24;

    /// <summary>
    /// Upper bound on cases per batch when no case of the batch evaluates a machine (services-only
    /// cases): such a case costs a few MB and tens of milliseconds, so the fixed cost of a process is
    /// what to amortise (measured: see docs/performance.md).
    /// </summary>
    public int MaxCasesPerBatchWithoutMachines { get; init; } = 50;

    /// <summary>Per-process timeout. A loop in one case is bisected out; a field that still times out alone is reported.</summary>
    public TimeSpan Timeout { get; init; } = Backends.NixDefaults.ProcessTimeout;

    /// <summary>Keep rendered batch directories (for debugging the harness).</summary>
    public bool KeepWorkDirectories { get; init; }

    /// <summary>flake.lock written into each batch (the fixture's), pinning inputs not overridden.</summary>
    public string? LockFile { get; init; }

    public int MachineEvaluationsPerBatch => Math.Max(1, (MemoryBudgetMegabytesPerProcess - 400) / Math.Max(1, MegabytesPerMachineEvaluation));
}
