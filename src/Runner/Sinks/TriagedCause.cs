using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Runner.Checking;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Sinks;

/// <summary>A cause after triage: its shrunk case (and what the last shrink step's candidates showed), whether its report reproduces, its first bad commit, its filed-ready report, and what the budget cut.</summary>
internal sealed record TriagedCause(CauseKey Cause, CaseResult Original, CaseResult Minimal, int Steps, bool Fixpoint, IReadOnlyList<CaseResult> Neighbours)
{
    /// <summary>What the ledger reads of the shrinking (the minimal case and its reductions); shrinks.jsonl records it.</summary>
    public ShrinkEvidence? Evidence { get; init; }

    /// <summary>Not shrunk: the trigger of this cause (shrunk to a fixpoint) explains it in its representative (a trigger test).</summary>
    public CauseKey? ExplainedBy { get; init; }

    public IReadOnlyList<ReproCheck> Checks { get; init; } = [];

    /// <summary>With history: what bisecting the shrunk case found.</summary>
    public CommitEvidence? Commit { get; init; }

    /// <summary>The shrunk example's filed-ready report (upstream.md; null: none, <see cref="Cut"/> says why).</summary>
    public string? Upstream { get; init; }

    /// <summary>What did not happen for this cause, and why (the budget, an infrastructure fault): named in the summary.</summary>
    public IReadOnlyList<string> Cut { get; init; } = [];
}
