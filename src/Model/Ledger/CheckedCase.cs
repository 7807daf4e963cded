using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Comparison;

namespace Conformance.Model.Ledger;

/// <summary>
/// One checked case as the ledger sees it: the case, its verdict, the disagreements that count
/// (a focus applied), and the causes they show, each with its symptoms in this case.
/// </summary>
public sealed record CheckedCase
{
    private CheckedCase(ClanCase clanCase, CaseVerdict verdict, IReadOnlyList<FieldComparison> failing)
    {
        Case = clanCase;
        Verdict = verdict;
        Failing = failing;
        Causes = CauseKeys.Of(clanCase, failing);
    }

    public ClanCase Case { get; }

    public CaseVerdict Verdict { get; }

    public IReadOnlyList<FieldComparison> Failing { get; }

    public IReadOnlyDictionary<CauseKey, IReadOnlySet<Symptom>> Causes { get; }

    public string Id => Case.Id;

    /// <param name="failing">The verdict's counting disagreements, restricted to a focus when there is one (default: all of them).</param>
    public static CheckedCase Of(ClanCase clanCase, CaseVerdict verdict, IEnumerable<FieldComparison>? failing = null) =>
        new(clanCase, verdict, (failing ?? verdict.Disagreements).ToList());

    public bool Shows(CauseKey cause) => Causes.ContainsKey(cause);
}
