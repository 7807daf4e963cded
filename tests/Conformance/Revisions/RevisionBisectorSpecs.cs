using System.Collections.Concurrent;
using Conformance.NixDriver.Revisions;
using Conformance.Runner.Bisecting;

namespace Conformance.Tests.Revisions;

/// <summary>
/// The two-level search: first-parent history, then the branch a bad merge brought in. The fake
/// history (a change "introduced at X" makes exactly X's descendants bad):
/// <code>
///   g ─ m1 ─ m2 ─ m3 ─ M ─ m5 ─ m6
///         └─ b1 ─ b2 ─ b3 ┘
/// </code>
/// </summary>
public sealed class RevisionBisectorSpecs(ExampleHistory history) : IClassFixture<ExampleHistory>
{
    private static FakeRevisionGraph Graph() => new FakeRevisionGraph()
        .Chain(null, "g", "m1", "m2", "m3")
        .Chain("m1", "b1", "b2", "b3")
        .Commit("M", "m3", "b3")
        .Chain("M", "m5", "m6");

    private sealed class Tester(FakeRevisionGraph graph, string introducedAt, params string[] untestable)
    {
        public ConcurrentBag<string> Tested { get; } = [];

        public Task<BisectVerdict> TestAsync(string revision)
        {
            Tested.Add(revision);
            if (untestable.Contains(revision)) return Task.FromResult(BisectVerdict.Skip("does not evaluate"));
            return Task.FromResult(graph.Ancestors(revision).Contains(introducedAt) ? BisectVerdict.Bad("changed") : BisectVerdict.Good());
        }
    }

    private static async Task<(Bisection Result, Tester Tester)> BisectAsync(string introducedAt, BisectOptions? options = null, params string[] untestable)
    {
        var graph = Graph();
        var tester = new Tester(graph, introducedAt, untestable);
        return (await new RevisionBisector(graph, options).RunAsync("g", "m6", tester.TestAsync), tester);
    }

    [Fact]
    public async Task A_first_bad_commit_on_main_that_is_no_merge_ends_the_search()
    {
        var (result, _) = await BisectAsync("m2");
        Assert.Equal("m2", result.FirstBad);
        Assert.Single(result.Levels);
        Assert.True(result.Final.IsFirstParent);
        Assert.False(result.IsMergeInteraction);
    }

    [Fact]
    public async Task A_change_made_on_a_merged_branch_is_traced_to_its_branch_commit()
    {
        var (result, _) = await BisectAsync("b2");
        Assert.Equal(2, result.Levels.Count);
        Assert.Equal("M", result.Levels[0].Result.FirstBad);
        Assert.Equal("M", result.Final.Merge);
        Assert.Equal(["b1", "b2", "b3", "M"], result.Final.Result.Candidates);
        Assert.Equal("b2", result.FirstBad);
        Assert.False(result.IsMergeInteraction);
        Assert.Contains(result.Explain(r => r), l => l.Contains("first bad commit: b2, on the branch merged by M"));
    }

    [Fact]
    public async Task A_merge_whose_branch_tests_good_up_to_its_tip_is_a_merge_interaction()
    {
        var (result, tester) = await BisectAsync("M");
        Assert.Equal("M", result.FirstBad);
        Assert.True(result.IsMergeInteraction);
        Assert.Contains("b3", tester.Tested); // the tip was tested and was good
        Assert.Contains(result.Final.Result.Steps, s => s.Revision == "b3" && s.Verdict.Outcome == BisectOutcome.Good);
        Assert.Contains("merge interaction", result.Explain(r => r)[0]);
    }

    [Fact]
    public async Task A_merge_depth_of_zero_stops_at_the_first_parent_history()
    {
        var (result, _) = await BisectAsync("b2", new BisectOptions { MergeDepth = 0 });
        Assert.Equal("M", result.FirstBad);
        Assert.Single(result.Levels);
        Assert.False(result.IsMergeInteraction);
    }

    [Fact]
    public async Task Untestable_branch_commits_leave_the_answer_open_within_the_branch()
    {
        var (result, _) = await BisectAsync("b2", null, "b1", "b2");
        Assert.Null(result.FirstBad);
        Assert.Equal(["b1", "b2", "b3"], result.PossibleFirstBad);
        var lines = result.Explain(r => r);
        Assert.StartsWith("only skipped commits are left to test", lines[0]);
    }

    [Fact]
    public async Task An_open_answer_on_the_first_parent_history_is_searched_on_the_branches_of_skipped_merges()
    {
        // m2 good, m3 and M skipped, m5 bad: M's branch forked at m1 (good) and its tip b3 is bad.
        var (result, tester) = await BisectAsync("b2", null, "m3", "M");
        Assert.Equal(["m3", "M", "m5"], result.Levels[0].Result.PossibleFirstBad);
        Assert.Equal("b2", result.FirstBad);
        Assert.True(result.Final.IsDetour);
        Assert.Equal("M", result.Final.Merge);
        Assert.Contains("m1", tester.Tested);
        Assert.StartsWith("first bad commit: b2, on the branch merged by M, which itself could not be tested", result.Explain(r => r)[0]);
    }

    [Fact]
    public async Task A_skipped_merge_whose_branch_does_not_go_from_good_to_bad_leaves_the_answer_open()
    {
        // The change is m3's (skipped), not the branch's: M's branch tip tests good, so the detour
        // finds nothing and the first-parent answer stays open, as git would leave it.
        var (result, _) = await BisectAsync("m3", null, "m3", "M");
        Assert.Null(result.FirstBad);
        Assert.Equal(["m3", "M", "m5"], result.PossibleFirstBad);
        Assert.True(result.Final.IsFirstParent);
        Assert.Contains(result.Levels, l => l.IsDetour && l.Result.Steps.Any(s => s.Revision == "b3" && s.Verdict.Outcome == BisectOutcome.Good));
        Assert.StartsWith("only skipped commits are left to test", result.Explain(r => r)[0]);
    }

    [Fact]
    public async Task A_skipped_merge_of_a_one_commit_branch_whose_tip_is_skipped_too_decides_nothing()
    {
        //   g ─ m1 ─ M ─ m3        M and its branch's only commit x cannot be evaluated.
        //        └─ x ┘
        var graph = new FakeRevisionGraph().Chain(null, "g", "m1").Commit("x", "m1").Commit("M", "m1", "x").Chain("M", "m3");
        var result = await new RevisionBisector(graph).RunAsync("g", "m3", new Tester(graph, "x", "x", "M").TestAsync);
        Assert.Null(result.FirstBad);
        Assert.Equal(["M", "m3"], result.PossibleFirstBad);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Every_change_point_is_found_testing_each_revision_at_most_once(int parallelism)
    {
        foreach (var introducedAt in new[] { "m1", "m2", "m3", "b1", "b2", "b3", "M", "m5", "m6" })
        {
            var (result, tester) = await BisectAsync(introducedAt, new BisectOptions { Parallelism = parallelism });
            Assert.Equal(introducedAt, result.FirstBad);
            Assert.Equal(introducedAt == "M", result.IsMergeInteraction);
            Assert.Equal(tester.Tested.Count, tester.Tested.Distinct().Count());
            Assert.DoesNotContain("m6", tester.Tested); // the known bad one is trusted
            Assert.DoesNotContain("g", tester.Tested);
        }
    }

    [Fact]
    public async Task Nested_merges_are_followed_as_deep_as_allowed()
    {
        //   g ─ m1 ─────────── M ─ m3
        //        └─ b1 ─ B ─ b3 ┘
        //             └ x1 ┘            (B merges x1 into the branch)
        var graph = new FakeRevisionGraph().Chain(null, "g", "m1").Chain("m1", "b1").Commit("x1", "b1").Commit("B", "b1", "x1")
            .Chain("B", "b3").Commit("M", "m1", "b3").Chain("M", "m3");
        var tester = new Tester(graph, "x1");

        var deep = await new RevisionBisector(graph, new BisectOptions { MergeDepth = 2 }).RunAsync("g", "m3", tester.TestAsync);
        var shallow = await new RevisionBisector(graph).RunAsync("g", "m3", new Tester(graph, "x1").TestAsync);

        Assert.Equal("x1", deep.FirstBad);
        Assert.Equal([null, "M", "B"], deep.Levels.Select(l => l.Merge));
        Assert.Equal("B", shallow.FirstBad);
    }

    [Fact]
    public async Task Good_equal_to_bad_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new RevisionBisector(Graph()).RunAsync("m3", "m3", _ => Task.FromResult(BisectVerdict.Good())));
    }

    [Fact(Timeout = 60_000)]
    public async Task Over_a_real_repository_the_commit_that_added_a_file_on_a_merged_branch_is_found()
    {
        var repo = await GitRepository.OpenAsync(history.Repo.Path);
        var graph = new GitRevisionGraph(repo);
        async Task<BisectVerdict> HasFeature(string revision) =>
            (await repo.ChangedPathsAsync(history.C1, revision)).Contains("feature.txt") ? BisectVerdict.Bad("feature.txt appeared") : BisectVerdict.Good();

        var result = await new RevisionBisector(graph).RunAsync(history.C1, "main", HasFeature);

        Assert.Equal(history.S2, result.FirstBad);
        Assert.Equal(history.M, result.Levels[0].Result.FirstBad);
        Assert.Equal(history.C5, result.Bad == "main" ? (await repo.ResolveAsync("main")).Hash : null);
        var lines = result.Explain(graph.Describe);
        Assert.Contains("s2: add the feature", lines[0]);
        Assert.Contains("Merge pull request 'Add the feature' (#12)", lines[0]);
    }
}
