namespace Conformance.Runner.Bisecting;

/// <summary>
/// Finds the first bad revision in an ordered list, git-bisect style, without knowing what a
/// revision is: the caller's test says good, bad or skip. Pure apart from calling the test.
/// <para>
/// The search keeps the last known-good position <c>lo</c> (−1: the implied good revision before
/// the list) and the first known-bad <c>hi</c> (the last candidate, known bad and never tested),
/// and tests the untested, unskipped candidate nearest the middle of (lo, hi). A skipped revision
/// is never called good or bad; when only skipped ones are left between lo and hi, the answer is
/// the range lo+1..hi, as git reports it. With <c>parallelism</c> k, k points splitting (lo, hi)
/// into k+1 parts are tested together and their verdicts applied oldest first; a verdict that
/// falls outside the interval its older neighbours left (possible only when the results are not
/// monotone) is recorded but changes nothing.
/// </para>
/// </summary>
internal static class BisectSearch
{
    /// <summary>Plain binary search: one test at a time.</summary>
    public static Task<BisectResult> RunAsync(IReadOnlyList<string> candidates, Func<string, Task<BisectVerdict>> test, CancellationToken cancellationToken = default) =>
        RunAsync(candidates, test, 1, cancellationToken);

    public static async Task<BisectResult> RunAsync(IReadOnlyList<string> candidates, Func<string, Task<BisectVerdict>> test, int parallelism, CancellationToken cancellationToken = default)
    {
        if (candidates.Count == 0) throw new ArgumentException("nothing to bisect: the candidate list must end with the known-bad revision", nameof(candidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var lo = -1;
        var hi = candidates.Count - 1;
        var skipped = new bool[candidates.Count];
        var steps = new List<BisectStep>();
        for (var round = 1; ; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var picks = Picks(lo, hi, skipped, parallelism);
            if (picks.Count == 0) break;
            var verdicts = await Task.WhenAll(picks.Select(i => test(candidates[i])));
            for (var p = 0; p < picks.Count; p++)
            {
                var (i, verdict) = (picks[p], verdicts[p]);
                steps.Add(new BisectStep(round, i, candidates[i], verdict));
                switch (verdict.Outcome)
                {
                    case BisectOutcome.Skip:
                        skipped[i] = true;
                        break;
                    case BisectOutcome.Good when i > lo && i < hi:
                        lo = i;
                        break;
                    case BisectOutcome.Bad when i > lo && i < hi:
                        hi = i;
                        break;
                }
            }
        }
        return new BisectResult(candidates, candidates.Skip(lo + 1).Take(hi - lo).ToList(), lo < 0 ? null : candidates[lo], steps);
    }

    /// <summary>
    /// Up to <paramref name="count"/> distinct testable positions in (lo, hi), ascending: for each
    /// target lo + (hi − lo)·j/(count + 1) the nearest unskipped position not yet picked, the older
    /// one on a tie (with one pick and no skips that is lo + ⌊(hi − lo)/2⌋, so a round never leaves
    /// more than ⌈(hi − lo)/2⌉ possibilities: ⌈log2 n⌉ tests for n candidates).
    /// </summary>
    internal static IReadOnlyList<int> Picks(int lo, int hi, IReadOnlyList<bool> skipped, int count)
    {
        var testable = Enumerable.Range(lo + 1, Math.Max(0, hi - lo - 1)).Where(i => !skipped[i]).ToList();
        if (testable.Count <= count) return testable;
        var picks = new SortedSet<int>();
        for (var j = 1; j <= count; j++)
        {
            var target = lo + (double)(hi - lo) * j / (count + 1);
            picks.Add(testable.Where(i => !picks.Contains(i)).MinBy(i => (Math.Abs(i - target), i)));
        }
        return picks.ToList();
    }
}
