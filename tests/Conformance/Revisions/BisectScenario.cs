using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Tests.Revisions;

/// <summary>
/// A history for <see cref="Conformance.Runner.Bisecting.BisectSearch"/>: <see cref="Count"/>
/// candidates r0…r(n−1), good before <see cref="FirstBad"/> and bad from it on (monotone), some
/// of them untestable (<see cref="Skipped"/>).
/// </summary>
public sealed record BisectScenario(int Count, int FirstBad, IReadOnlyList<int> Skipped)
{
    public IReadOnlyList<string> Candidates => Enumerable.Range(0, Count).Select(Name).ToList();

    public static string Name(int index) => $"r{index}";

    public static int Index(string name) => int.Parse(name[1..]);

    /// <summary>Whether any search could name the first bad one: it is testable (or the known-bad last), and so is the one before it (or it is the first).</summary>
    public bool IsDeterminable =>
        (FirstBad == Count - 1 || !Skipped.Contains(FirstBad)) && (FirstBad == 0 || !Skipped.Contains(FirstBad - 1));

    public override string ToString() => $"{Count} candidates, first bad r{FirstBad}, skipped [{string.Join(' ', Skipped)}]";

    /// <summary>
    /// 1–500 candidates (one in ten a single candidate or two, edge sizes), the first bad one
    /// uniform, then skips at a density of 0, 10, 30 or 80 percent (each equally likely), so
    /// decidable and ambiguous outcomes both occur often. Shrinks by dropping skips one at a time,
    /// moving the first bad one towards r0, and cutting candidates off the old end.
    /// </summary>
    public static Arbitrary<BisectScenario> Arbitrary() => Arb.From(Generate(), Shrink);

    private static Gen<BisectScenario> Generate() =>
        from count in Gen.Frequency((10, Gen.Choose(1, 2)), (90, Gen.Choose(3, 500)))
        from firstBad in Gen.Choose(0, count - 1)
        from density in Gen.Elements(0, 10, 30, 80)
        from rolls in Gen.Choose(0, 99).ArrayOf(count)
        select new BisectScenario(count, firstBad, Enumerable.Range(0, count).Where(i => rolls[i] < density).ToList());

    private static IEnumerable<BisectScenario> Shrink(BisectScenario s)
    {
        for (var i = 0; i < s.Skipped.Count; i++)
            yield return s with { Skipped = s.Skipped.Where((_, j) => j != i).ToList() };
        if (s.FirstBad > 0)
        {
            yield return s with { FirstBad = 0 };
            yield return s with { FirstBad = s.FirstBad - 1 };
        }
        // Drop the oldest candidate: everything shifts down by one.
        if (s.Count > 1 && s.FirstBad > 0)
            yield return new BisectScenario(s.Count - 1, s.FirstBad - 1, s.Skipped.Where(i => i > 0).Select(i => i - 1).ToList());
    }
}
