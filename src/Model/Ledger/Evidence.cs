using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Ledger;

/// <summary>
/// What triage found for one cause's representative: the minimal case (which still shows the
/// cause) and the reductions the ledger reads its triggers from — at a shrinking fixpoint every
/// one-step reduction of the minimal case (the last step's candidates, none of which kept the
/// cause); and trigger tests, another cause's trigger removed from this case as a whole
/// (<see cref="ReductionLabel.Without"/>), which need no shrinking at all.
/// </summary>
public sealed record ShrinkEvidence(CauseKey Cause, string OriginalCaseId, CheckedCase Minimal, int Steps, bool Fixpoint)
{
    public IReadOnlyList<Reduction> Reductions { get; init; } = [];

    /// <summary>
    /// Whether shrinking got anywhere: a step taken, or a fixpoint reached (the representative was
    /// already minimal). Evidence of a cause cut before its first step, or explained by a trigger
    /// test, holds the representative as it was found: what it shows together says no more than the
    /// case did.
    /// </summary>
    public bool Shrunk => Steps > 0 || Fixpoint;

    /// <summary>This evidence with its reductions read off the checked neighbours of the minimal case (the last step's candidates).</summary>
    public ShrinkEvidence WithNeighbours(IEnumerable<CheckedCase> neighbours) =>
        this with { Reductions = neighbours.Select(n => Reduction.Of(Minimal, n.Case, n.Verdict)).ToList() };
}

/// <summary>
/// One reduction of a minimal case, as much as the ledger reads of it: what it took away
/// (<see cref="ReductionLabel"/>), and, for each field the minimal case disagrees on, what was
/// expected and observed there after the reduction and whether it still disagreed. That is all
/// <see cref="LedgerBuilder.Triggers"/> needs, so it is what a campaign records for <c>merge</c>.
/// </summary>
public sealed record Reduction(string Label, IReadOnlyList<ReducedField> Fields)
{
    /// <summary>
    /// Fields the minimal case disagrees on that the reduced case no longer has although everything
    /// they name (machine, instance, role) is still in it: the reduction changed how those relate,
    /// not what exists — a tag taken from a role, and the machine that had it is no member, so the
    /// model plans no field of that member any more (<see cref="Dissolves"/>).
    /// </summary>
    public IReadOnlyList<FieldKey> Dissolved { get; init; } = [];

    /// <param name="label">What was taken away; by default the one-step difference between the two cases.</param>
    public static Reduction Of(CheckedCase minimal, Cases.ClanCase reduced, CaseVerdict verdict, string? label = null)
    {
        var keys = minimal.Failing.Select(f => f.Key).ToHashSet();
        var present = verdict.Fields.Select(f => f.Key).ToHashSet();
        return new Reduction(label ?? ReductionLabel.Of(minimal.Case, reduced),
            verdict.Fields.Where(f => keys.Contains(f.Key)).Select(f => new ReducedField(f.Key, f.Expected, f.Actual, f.Counts)).ToList())
        {
            Dissolved = keys.Where(k => !present.Contains(k) && Dissolves(minimal.Case, reduced, k)).Order().ToList(),
        };
    }

    /// <summary>Whether <paramref name="reduced"/> still holds every machine, instance and role of <paramref name="key"/> that <paramref name="before"/> held.</summary>
    public static bool Dissolves(Cases.ClanCase before, Cases.ClanCase reduced, FieldKey key) => Entities(before, key).SequenceEqual(Entities(reduced, key));

    private static IEnumerable<string> Entities(Cases.ClanCase c, FieldKey key)
    {
        if (key.Machine is { } machine && c.Machines.Any(m => m.Name == machine)) yield return "machine";
        if (key.Instance is not { } name || c.Instances.FirstOrDefault(i => i.Name == name) is not { } instance) yield break;
        yield return "instance";
        if (key.Role is { } role && instance.Roles.Any(r => r.Role == role)) yield return "role";
    }
}

/// <summary>A field of a reduced case: its expectation, what was observed, and whether it still counted as a disagreement.</summary>
public sealed record ReducedField(FieldKey Key, Outcome Expected, Observed? Actual, bool Counts);

/// <summary>
/// An ingredient that explains a cause (<see cref="LedgerBuilder.Triggers"/>): its reduction label
/// and the side it matters to — the tested side (a revision that now reads what the expectation
/// ignores: a diff's head applying tag settings its base ignored) or the expectation (what the
/// tested side ignores: an older revision checked against the model).
/// </summary>
public sealed record Trigger(string Label, TriggerSide Side)
{
    public override string ToString() => $"{Label} ({(Side == TriggerSide.Tested ? "matters to the tested side" : "matters to the expectation")})";
}

public enum TriggerSide
{
    /// <summary>Removing it made the tested side observe what the expectation does, the expectation unchanged.</summary>
    Tested,

    /// <summary>Removing it made the expectation what the tested side observes, the tested side unchanged.</summary>
    Expected,
}

/// <summary>What bisecting one cause's minimal case between a good and a bad revision found: the first bad commit, or why there is none.</summary>
public sealed record CommitEvidence(CauseKey Cause, Commit? FirstBad, string? Note = null);
