using Conformance.Model.Causes;

namespace Conformance.Model.Ledger;

/// <summary>
/// What a campaign found, grouped the way a maintainer reads it: causes (each one upstream behaviour,
/// with the symptom causes merged into it and why), and — when the history was at hand — the
/// commits that made them. Pure data built by <see cref="LedgerBuilder"/>; summaries, the console
/// and the failure corpus render it.
/// </summary>
public sealed record Ledger(IReadOnlyList<LedgerCause> Causes, IReadOnlyList<CommitGroup> Commits)
{
    public static readonly Ledger Empty = new([], []);

    /// <summary>Causes no commit group holds (not bisected, or bisection did not name a commit).</summary>
    public IEnumerable<LedgerCause> Unattributed => Causes.Where(c => c.FirstBad is null);

    /// <summary>The merged cause a key belongs to.</summary>
    public LedgerCause? Find(CauseKey key) => Causes.FirstOrDefault(c => c.Members.Any(m => m.Key == key));
}

/// <summary>
/// One behaviour: its lead key (the member with the most cases), every key merged into it (lead
/// first), where it showed (symptoms, with case counts), the cases showing any member, the case
/// that represents it, and its first bad commit when bisected.
/// </summary>
public sealed record LedgerCause(CauseKey Key, IReadOnlyList<CauseMember> Members, IReadOnlyList<SymptomCount> Symptoms, IReadOnlyList<string> Cases,
    string Representative)
{
    public Commit? FirstBad { get; init; }

    /// <summary>Why there is no first bad commit (not bisected, the budget, only skipped commits left…); null when there is one or no history.</summary>
    public string? Bisection { get; init; }
}

/// <summary>A key merged into a cause, how many cases show it, and the rule that merged it (null for the lead).</summary>
public sealed record CauseMember(CauseKey Key, int Cases, MergeRule? Rule = null, CauseKey? With = null);

public sealed record SymptomCount(Symptom Symptom, int Cases);

/// <summary>A first bad commit and the causes it made.</summary>
public sealed record CommitGroup(Commit Commit, IReadOnlyList<CauseKey> Causes);

/// <summary>Why two cause keys are one behaviour (docs/model.md, "Causes").</summary>
public enum MergeRule
{
    /// <summary>Every case showing one shows the other, and shrinking did not tell them apart.</summary>
    SameCases,

    /// <summary>Each one's shrunk case shows the other too: shrinking cannot separate them.</summary>
    Inseparable,

    /// <summary>
    /// Their cases are explained by the same ingredient, mattering to the same side: removing it
    /// makes both sides agree while the other side does not notice — the part of the case the change
    /// made matter (e.g. a role's tag settings, ignored before and applied after; <see cref="Trigger"/>).
    /// </summary>
    SameTrigger,
}

public static class MergeRules
{
    public static string Name(MergeRule rule) => rule switch
    {
        MergeRule.SameCases => "same-cases",
        MergeRule.Inseparable => "inseparable",
        _ => "same-trigger",
    };
}
