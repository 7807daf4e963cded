using Conformance.Runner.Bisecting;
using FsCheck;
using FsCheck.Xunit;

namespace Conformance.Tests.Revisions;

/// <summary>Registers <see cref="BisectScenario.Arbitrary"/> for the properties below.</summary>
public static class BisectArbitraries
{
    public static Arbitrary<BisectScenario> Scenario() => BisectScenario.Arbitrary();
}

/// <summary>The pure search: git-bisect answers on monotone histories with untestable revisions.</summary>
[Properties(Arbitrary = [typeof(BisectArbitraries)], MaxTest = 300)]
public sealed class BisectSearchSpecs
{
    private static (BisectResult Result, List<string> Tested) Run(BisectScenario s, int parallelism)
    {
        var tested = new List<string>();
        var result = BisectSearch.RunAsync(s.Candidates, revision =>
        {
            lock (tested) tested.Add(revision);
            var i = BisectScenario.Index(revision);
            return Task.FromResult(
                s.Skipped.Contains(i) ? BisectVerdict.Skip("does not evaluate")
                : i >= s.FirstBad ? BisectVerdict.Bad("hostName differs")
                : BisectVerdict.Good());
        }, parallelism).GetAwaiter().GetResult();
        return (result, tested);
    }

    /// <summary>Smallest r with base^r ≥ n (exact, no floating point).</summary>
    private static int CeilLog(int @base, int n)
    {
        var (r, power) = (0, 1L);
        while (power < n) (r, power) = (r + 1, power * @base);
        return r;
    }

    [Property]
    public void The_true_first_bad_revision_is_found_whenever_the_skips_allow_it(BisectScenario s, bool twoAtOnce)
    {
        var (result, _) = Run(s, twoAtOnce ? 2 : 1);
        if (s.IsDeterminable)
        {
            Assert.True(result.IsDetermined, result.ToString());
            Assert.Equal(BisectScenario.Name(s.FirstBad), result.FirstBad);
        }
        else
        {
            Assert.False(result.IsDetermined);
            Assert.Null(result.FirstBad);
        }
        Assert.Contains(BisectScenario.Name(s.FirstBad), result.PossibleFirstBad);
    }

    [Property]
    public void An_open_answer_is_the_skipped_run_between_the_last_good_and_the_first_bad_revision(BisectScenario s, bool twoAtOnce)
    {
        var (result, _) = Run(s, twoAtOnce ? 2 : 1);
        var indices = result.PossibleFirstBad.Select(BisectScenario.Index).ToList();
        Assert.Equal(Enumerable.Range(indices[0], indices.Count), indices); // contiguous, oldest first
        Assert.All(indices[..^1], i => Assert.Contains(i, s.Skipped));
        var bad = indices[^1];
        Assert.True(bad == s.Count - 1 || result.Steps.Any(st => st.Index == bad && st.Verdict.Outcome == BisectOutcome.Bad));
        Assert.Equal(indices[0] == 0 ? null : BisectScenario.Name(indices[0] - 1), result.LastGood);
        if (result.LastGood is { } good)
            Assert.Contains(result.Steps, st => st.Revision == good && st.Verdict.Outcome == BisectOutcome.Good);
    }

    [Property]
    public void No_revision_is_tested_twice_and_the_known_bad_one_never(BisectScenario s, bool twoAtOnce)
    {
        var (result, tested) = Run(s, twoAtOnce ? 2 : 1);
        Assert.Equal(tested.Count, tested.Distinct().Count());
        Assert.DoesNotContain(BisectScenario.Name(s.Count - 1), tested);
        Assert.Equal(tested.Order(), result.Steps.Select(st => st.Revision).Order());
        Assert.All(result.Steps.Where(st => st.Verdict.Outcome == BisectOutcome.Skip), st => Assert.Contains(st.Index, s.Skipped));
    }

    [Property]
    public void Without_skips_binary_search_needs_at_most_ceil_log2_n_tests(BisectScenario s)
    {
        var (result, _) = Run(s with { Skipped = [] }, 1);
        Assert.InRange(result.Steps.Count, 0, CeilLog(2, s.Count));
        Assert.Equal(result.Steps.Count, result.Rounds);
    }

    [Property]
    public void Without_skips_two_tests_per_round_need_at_most_ceil_log3_n_rounds(BisectScenario s)
    {
        var (result, _) = Run(s with { Skipped = [] }, 2);
        Assert.InRange(result.Rounds, 0, CeilLog(3, s.Count));
        Assert.All(result.Steps.GroupBy(st => st.Round), round => Assert.InRange(round.Count(), 1, 2));
    }

    [Fact]
    public async Task A_single_candidate_is_the_first_bad_one_without_any_test()
    {
        var result = await BisectSearch.RunAsync(["only"], _ => throw new InvalidOperationException("must not test"));
        Assert.Equal("only", result.FirstBad);
        Assert.Empty(result.Steps);
        Assert.Null(result.LastGood);
    }

    [Fact]
    public async Task A_skip_just_before_the_first_bad_one_leaves_both_open_as_git_does()
    {
        // r0 good, r1 cannot be tested, r2 bad, r3 the known bad.
        var verdicts = new Dictionary<string, BisectVerdict>
        {
            ["r0"] = BisectVerdict.Good(), ["r1"] = BisectVerdict.Skip("clan-core does not evaluate"), ["r2"] = BisectVerdict.Bad("hostName differs"),
        };
        var result = await BisectSearch.RunAsync(["r0", "r1", "r2", "r3"], r => Task.FromResult(verdicts[r]));
        Assert.Equal(["r1", "r2"], result.PossibleFirstBad);
        Assert.Equal("r0", result.LastGood);
        Assert.Equal(["r1", "r0", "r2"], result.Steps.Select(s => s.Revision));
        Assert.Equal("clan-core does not evaluate", result.Steps[0].Verdict.Reason);
    }

    [Fact]
    public async Task When_everything_is_skipped_every_candidate_stays_possible()
    {
        var result = await BisectSearch.RunAsync(["a", "b", "c"], _ => Task.FromResult(BisectVerdict.Skip("broken")));
        Assert.Equal(["a", "b", "c"], result.PossibleFirstBad);
        Assert.Equal(2, result.Steps.Count);
    }

    [Fact]
    public async Task A_failing_test_stops_the_search_with_its_exception()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => BisectSearch.RunAsync(["a", "b", "c"], _ => throw new TimeoutException()));
    }

    [Fact]
    public async Task Cancellation_stops_the_search_between_rounds()
    {
        using var cts = new CancellationTokenSource();
        var tested = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BisectSearch.RunAsync(
            Enumerable.Range(0, 64).Select(i => $"r{i}").ToList(),
            _ => { tested++; cts.Cancel(); return Task.FromResult(BisectVerdict.Good()); },
            cts.Token));
        Assert.Equal(1, tested);
    }

    [Fact]
    public async Task An_empty_candidate_list_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => BisectSearch.RunAsync([], _ => Task.FromResult(BisectVerdict.Good())));
    }
}
