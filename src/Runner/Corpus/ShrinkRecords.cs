using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Model.Observations;

namespace Conformance.Runner.Corpus;

/// <summary>
/// One triaged cause's shrink evidence as shrinks.jsonl records it (<see cref="ShrinkEvidence"/>):
/// the cause, the case it was shrunk from, the minimal case with its disagreements, the steps,
/// whether shrinking reached a fixpoint, and what each one-step reduction of the minimal case
/// showed — everything the ledger's <c>inseparable</c> and <c>same-trigger</c> rules read, so
/// <c>merge</c> applies them to shards as one campaign would.
/// </summary>
internal sealed record ShrinkRecord(string Cause, string Original, ResultRecord Minimal, int Steps, bool Fixpoint, IReadOnlyList<ReductionRecord> Reductions)
{
    public static ShrinkRecord From(ShrinkEvidence e) => new(e.Cause.Text, e.OriginalCaseId,
        new ResultRecord(e.Minimal.Case, e.Minimal.Failing.Select(FieldRecord.From).ToList()), e.Steps, e.Fixpoint,
        e.Reductions.Select(r => new ReductionRecord(r.Label, r.Fields.Select(f => new ReducedFieldRecord(f.Key.Text, ExpectedRecord.From(f.Expected), ActualRecord.From(f.Actual), f.Counts)).ToList())
        {
            Dissolved = r.Dissolved.Count == 0 ? null : r.Dissolved.Select(k => k.Text).ToList(),
        }).ToList());

    public ShrinkEvidence ToEvidence() => new(CauseKey.Parse(Cause), Original, Minimal.ToChecked(), Steps, Fixpoint)
    {
        Reductions = Reductions.Select(r => new Reduction(r.Label, r.Fields.Select(f => new ReducedField(FieldKey.Parse(f.Key), f.Expected.ToOutcome(), f.Actual?.ToObserved(), f.Counts)).ToList())
        {
            Dissolved = r.Dissolved?.Select(FieldKey.Parse).ToList() ?? [],
        }).ToList(),
    };
}

internal sealed record ReductionRecord(string Label, IReadOnlyList<ReducedFieldRecord> Fields)
{
    /// <summary>The keys of <see cref="Reduction.Dissolved"/>; absent when none (and in files written before it was recorded).</summary>
    public IReadOnlyList<string>? Dissolved { get; init; }
}

internal sealed record ReducedFieldRecord(string Key, ExpectedRecord Expected, ActualRecord? Actual, bool Counts);
