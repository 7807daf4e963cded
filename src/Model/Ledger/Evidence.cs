using Conformance.Model.Causes;

namespace Conformance.Model.Ledger;

/// <summary>
/// What shrinking one cause's representative found: the minimal case (which still shows the
/// cause) and, when shrinking reached a fixpoint, what each one-step reduction of it showed — the
/// candidates of the last step, none of which kept the cause.
/// </summary>
public sealed record ShrinkEvidence(CauseKey Cause, string OriginalCaseId, CheckedCase Minimal, int Steps, bool Fixpoint)
{
    public IReadOnlyList<CheckedCase> Neighbours { get; init; } = [];
}

/// <summary>What bisecting one cause's minimal case between a good and a bad revision found: the first bad commit, or why there is none.</summary>
public sealed record CommitEvidence(CauseKey Cause, Commit? FirstBad, string? Note = null);
