namespace Conformance.NixDriver.Checking;

/// <summary>How cases are batched and run. Defaults fit a 2-core, 24 GiB machine.</summary>
public sealed record CheckOptions
{
    /// <summary>Parallel <c>nix eval</c> processes. Default 2: one per core; evaluation is single-threaded.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>
    /// Memory budget per process in MB. A machine evaluation costs about 105 MB (measured), plus
    /// ~400 MB fixed per process; the batch size follows from this budget.
    /// </summary>
    public int MemoryBudgetMegabytesPerProcess { get; init; } = 3000;

    /// <summary>Measured cost of one machine evaluation (NixOS module system + a nixpkgs instance).</summary>
    public int MegabytesPerMachineEvaluation { get; init; } = 105;

    /// <summary>Upper bound on cases per batch, whatever the budget: a smaller batch bisects faster when a case breaks it.</summary>
    public int MaxCasesPerBatch { get; init; } = 24;

    /// <summary>Per-process timeout. A loop in one case is bisected out; a field that still times out alone is reported.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep rendered batch directories (for debugging the harness).</summary>
    public bool KeepWorkDirectories { get; init; }

    /// <summary>flake.lock written into each batch (the fixture's), pinning inputs not overridden.</summary>
    public string? LockFile { get; init; }

    /// <summary>
    /// The oracle. Tests substitute a deliberately wrong one to prove the harness can fail; everything
    /// else uses <see cref="Conformance.Model.Oracle.Oracle.Predict"/>.
    /// </summary>
    public Func<Conformance.Model.Cases.ClanCase, Conformance.Model.Outcomes.Prediction> Predictor { get; init; } = Conformance.Model.Oracle.Oracle.Predict;

    /// <summary>Ids from known-deviations.json: a disagreement matching one of them is reported as expected.</summary>
    public IReadOnlySet<string> KnownDeviations { get; init; } = new HashSet<string>();

    public int MachineEvaluationsPerBatch => Math.Max(1, (MemoryBudgetMegabytesPerProcess - 400) / Math.Max(1, MegabytesPerMachineEvaluation));
}
