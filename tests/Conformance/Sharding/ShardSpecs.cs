using System.Globalization;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Ledger;
using Conformance.Runner;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Cli;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;
using Conformance.Tests.Cli;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Sharding;

/// <summary>
/// <c>run --shard K/N</c> and <c>merge</c>: a campaign split across CI jobs and put back together.
/// The shards of one seed are the unsharded campaign, case for case, and their merge has the ledger
/// one campaign over all the cases would have had. Offline: merges are of recorded results
/// (tests/Conformance/recorded), no Nix runs.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShardSpecs : IDisposable
{
    private static readonly EvaluatedVersions Versions = new("2.31.2", "clan-core 7295abc", "nixpkgs 25.05", "container");
    private static readonly Lazy<IReadOnlyList<string>> RecordedLines = new(() =>
        File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "run-7295-seed11.jsonl")).Where(l => l.Length > 0).ToList());

    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1, 1, 7, CaseKind.Clan)]
    [InlineData(2, 11, 13, CaseKind.Clan)]
    [InlineData(3, 4, 13, CaseKind.Clan)]
    [InlineData(4, 4, 6, CaseKind.Clan)]
    [InlineData(4, -9, 13, CaseKind.Services)]
    [InlineData(5, 7, 3, CaseKind.ServicesOnMachines)]
    [InlineData(2, 5, 5, CaseKind.All)]
    public void Shards_of_one_seed_are_disjoint_and_together_are_the_unsharded_campaign(int n, int seed, int count, CaseKind kind)
    {
        var whole = ClanArbitraries.Campaign(seed, count, ClanArbitraries.DefaultSize, kind);
        var shards = Enumerable.Range(1, n).Select(k => new CaseShard(k, n).Cases(seed, count, ClanArbitraries.DefaultSize, kind)).ToList();

        var ids = shards.SelectMany(s => s.Select(c => c.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(whole.Select(c => c.Id).Order(), ids.Order());
        var byId = shards.SelectMany(s => s).ToDictionary(c => c.Id);
        Assert.All(whole, c => Assert.Equal(CaseJson.Serialize(c), CaseJson.Serialize(byId[c.Id])));
        // Round robin: no shard is more than one index longer than another, so the jobs take about as long.
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= (kind == CaseKind.All ? 2 : 1));
    }

    [Fact]
    public void Shard_K_of_N_holds_the_cases_whose_index_is_K_modulo_N()
    {
        Assert.Equal(["c0002", "c0005", "c0008"], new CaseShard(2, 3).Cases(1, 9, 5, CaseKind.Clan).Select(c => c.Id));
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/2")]
    [InlineData("1/0")]
    [InlineData("-1/2")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData(" 1/2")]
    public async Task A_shard_that_is_not_K_of_N_exits_2_naming_the_form(string shard)
    {
        var (exit, stderr) = await RunAsync("run", "--shard", shard);
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, $"--shard needs K/N with 1 <= K <= N, got '{shard}'.");
    }

    [Theory]
    [InlineData(new[] { "nightly", "--clan-core-repo", "x", "--shard", "1/2", "--merged", "m" }, "--merged and --shard 1/2 exclude each other")]
    [InlineData(new[] { "issues" }, "issues needs a PATH")]
    [InlineData(new[] { "run", "--shard" }, "--shard needs a value.")]
    [InlineData(new[] { "merge", "a", "b" }, "merge needs --out")]
    [InlineData(new[] { "merge", "--out", "m" }, "merge needs SHARD_DIR...")]
    public async Task Sharding_mistakes_exit_2_with_one_line_naming_the_fix(string[] args, string expected)
    {
        var (exit, stderr) = await RunAsync(args);
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, expected);
    }

    [Fact]
    public void The_shard_reaches_the_campaign_of_run_and_diff()
    {
        var run = (RunCommand)CommandLine.Parse(["run", "--shard", "2/3", "--seed", "4"]);
        Assert.Equal(new CaseShard(2, 3), run.Campaign.Shard);
        var diff = (DiffCommand)CommandLine.Parse(["diff", "--clan-core-repo", "r", "--base", "a", "--head", "b", "--shard", "1/1"]);
        Assert.Equal(new CaseShard(1, 1), diff.Campaign.Shard);
        Assert.Null(((RunCommand)CommandLine.Parse(["run"])).Campaign.Shard);
    }

    [Fact]
    public void The_shard_is_in_summary_json_and_summary_md()
    {
        var summary = Summary(new CaseShard(2, 3), seed: 11, Timing(1, 2, 3));
        var json = RecordJson.Serialize(summary);
        Assert.Contains("\"shard\": {", json);
        Assert.Equal(new CaseShard(2, 3), RecordJson.Deserialize<CampaignSummary>(json, "summary.json").Shard);
        Assert.StartsWith("# clan-conformance campaign (seed 11, shard 2/3)", summary.ToMarkdown());
    }

    [Fact]
    public void Merged_shards_have_the_causes_one_campaign_over_all_their_cases_has()
    {
        var (one, two) = (Shard(1, 11, Timing(100, 40, 7)), Shard(2, 11, Timing(80, 50, 9)));
        var merged = ShardMerge.Merge([Output(one), Output(two)], Path.Combine(_dir, "merged"));

        var all = ResultsSink.Read(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "run-7295-seed11.jsonl")).Select(r => r.ToChecked()).ToList();
        var expected = LedgerBuilder.Build(all);
        Assert.Equal(Describe(expected), Describe(merged.Ledger));
        Assert.Equal(expected.Causes.Select(c => (c.Key.Text, c.Cases.Count)), merged.Summary.Causes.Select(c => (c.Key, c.Cases)));
        Assert.Equal(100, merged.Summary.CasesRun);
        Assert.Equal(100, merged.Summary.CasesFailing);
        Assert.Equal(2, merged.Summary.MergedShards);
        Assert.Null(merged.Summary.Shard);
        // The shards hold half the cases each: none of them alone has the whole ledger.
        Assert.NotEqual(Describe(expected), Describe(LedgerBuilder.Build(one.Results.Select(r => r.ToChecked()).ToList())));
    }

    [Fact]
    public void Merged_timings_sum_the_work_and_keep_the_longest_wall()
    {
        var merged = ShardMerge.Merge([Output(Shard(1, 11, Timing(100, 40, 7))), Output(Shard(2, 11, Timing(80, 50, 9)))], Path.Combine(_dir, "merged"));
        var t = merged.Summary.Timings;
        Assert.Equal(100, t.WallSeconds);
        Assert.Equal(90, t.CheckSeconds);
        Assert.Equal(16, t.NixProcesses);
        Assert.Equal(160, t.MachineEvaluations);
        Assert.Equal(160 / 1.5, t.MachineEvaluationsPerMinute, 6);
    }

    [Fact]
    public void Merged_shards_keep_every_shards_cost_rows_in_case_order()
    {
        static CostRow Row(string id, string unit, long thunks) =>
            new(id, 2, unit, new SortedDictionary<string, long> { ["thunks"] = thunks }, new SortedDictionary<string, long> { ["thunks"] = thunks - 1 });
        var one = Shard(1, 11, Timing(1, 1, 1));
        var two = Shard(2, 11, Timing(1, 1, 1));
        var merged = ShardMerge.Merge(
        [
            Output(one with { Summary = one.Summary with { Cost = [Row("c0003", "sys/x86_64-linux", 30), Row("c0001", "cfg/all", 10)] } }),
            Output(two with { Summary = two.Summary with { Cost = [Row("c0002", "cfg/all", 20)] } }),
        ], Path.Combine(_dir, "merged"));
        Assert.Equal(["c0001 cfg/all 10", "c0002 cfg/all 20", "c0003 sys/x86_64-linux 30"], merged.Summary.Cost.Select(r => $"{r.Case} {r.Unit} {r.Counters["thunks"]}"));
        Assert.Contains("## Evaluation cost", SummaryMarkdown.Render(merged.Summary));
    }

    [Fact]
    public void A_cause_keeps_the_shrunk_example_of_the_shard_that_triaged_it()
    {
        var two = Shard(2, 11, Timing(80, 50, 9));
        var key = "cfg/nixpkgs:value->value";
        var triaged = two.Summary with
        {
            Causes = [new CauseSummary(key, "t", 1) { Fingerprint = "fp-shrunk", Directory = "failures/fp-shrunk", ShrinkSteps = 12, ShrinkComplete = true, MinimalMachines = 1, ReportChecks = 2, ReportChecksReproducing = 2 }],
        };
        var merged = ShardMerge.Merge([Output(Shard(1, 11, Timing(1, 1, 1))), Output(two with { Summary = triaged })], Path.Combine(_dir, "merged"));

        var cause = merged.Summary.Causes.Single(c => c.Key == key);
        Assert.Equal(("fp-shrunk", 12, true, 1, 2), (cause.Fingerprint, cause.ShrinkSteps, cause.ShrinkComplete, cause.MinimalMachines, cause.ReportChecksReproducing));
        Assert.Null(merged.Summary.Causes.Single(c => c.Key == "clan/outputs:value->value").Fingerprint);
    }

    /// <summary>
    /// Two shards shrank the same key from their own representatives: the campaign over every case
    /// would have shrunk the one with the fewest other causes (a property of that case alone), so
    /// that shard's evidence is the campaign's — even over one that got further.
    /// </summary>
    [Fact]
    public void A_keys_shrink_evidence_is_the_shard_s_that_holds_the_campaigns_representative()
    {
        var all = ResultsSink.Read(Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "run-7295-seed11.jsonl"));
        var key = Conformance.Model.Causes.CauseKey.Parse("cfg/nixpkgs:value->value");
        var cases = all.Select(r => r.ToChecked()).ToList();
        var representative = LedgerBuilder.Representative(cases, key);
        var other = cases.First(c => c.Shows(key) && c.Id != representative).Id;
        ShrinkRecord Shrunk(string original, int steps, bool fixpoint) =>
            new(key.Text, original, all.Single(r => r.Case.Id == original), steps, fixpoint, []);

        var chosen = ShardMerge.Evidence(cases, [Shrunk(other, 12, true), Shrunk(representative, 3, false)]);
        Assert.Equal(representative, chosen[key].Original);
        // Without it (that shard's budget cut the key), the best another shard has stands in.
        Assert.Equal(other, ShardMerge.Evidence(cases, [Shrunk(other, 12, true)])[key].Original);
        // Evidence of a key no case shows (a stale shrinks.jsonl) is left out.
        Assert.Empty(ShardMerge.Evidence(cases, [Shrunk(other, 1, true) with { Cause = "svc/roles:value->value" }]));
    }

    [Fact]
    public void A_bisection_one_shard_finished_wins_over_one_another_shards_budget_cut()
    {
        const string key = "clan/outputs:value->value", cut = "bisection: cut at the end of the budget";
        var finished = "the shrunk case observes the same at 8513da8c4 and fb7d2a7c5: no commit between them made it";
        var evidence = ShardMerge.CommitEvidence([
            new CauseSummary(key, "t", 3) { Bisection = cut, Cut = [cut] },
            new CauseSummary(key, "t", 3) { Bisection = finished },
        ]);
        Assert.Equal(finished, evidence[Conformance.Model.Causes.CauseKey.Parse(key)].Note);
    }

    [Fact]
    public async Task Merge_writes_one_campaign_from_the_shard_directories()
    {
        var one = Write(Shard(1, 11, Timing(100, 40, 7)));
        var two = Write(Shard(2, 11, Timing(80, 50, 9)));
        Failure(one, "fp-a", shrunk: false, "first, as found");
        Failure(two, "fp-a", shrunk: true, "second, shrunk");
        Failure(two, "fp-b", shrunk: false, "only in two");
        var outDir = Path.Combine(_dir, "merged");

        var (exit, stderr) = await RunAsync("merge", "--out", outDir, one, two);

        Assert.True(exit == ExitCodes.Fails, stderr);
        var summary = RecordJson.Deserialize<CampaignSummary>(File.ReadAllText(Path.Combine(outDir, "summary.json")), "summary.json");
        Assert.Equal((100, 100, 2), (summary.CasesRun, summary.CasesFailing, summary.MergedShards));
        Assert.Equal(4, summary.Causes.Count);
        Assert.Equal(RecordedLines.Value.Order(), File.ReadLines(Path.Combine(outDir, "results.jsonl")).Order());
        Assert.Equal("second, shrunk", File.ReadAllText(Path.Combine(outDir, "failures", "fp-a", "case.json")));
        Assert.Equal("only in two", File.ReadAllText(Path.Combine(outDir, "failures", "fp-b", "case.json")));
        Assert.StartsWith("# clan-conformance campaign (seed 11, 2 shard(s) merged)", File.ReadAllText(Path.Combine(outDir, "summary.md")));
    }

    [Fact]
    public async Task Merge_refuses_shards_of_different_seeds()
    {
        var (exit, stderr) = await RunAsync("merge", "--out", Path.Combine(_dir, "m"), Write(Shard(1, 11, Timing(1, 1, 1))), Write(Shard(2, 12, Timing(1, 1, 1))));
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, "the shards disagree on seed: '11' in");
        Assert.False(Directory.Exists(Path.Combine(_dir, "m")));
    }

    [Fact]
    public async Task Merge_refuses_a_missing_or_repeated_shard()
    {
        var one = Write(Shard(1, 11, Timing(1, 1, 1)));
        var (exit, stderr) = await RunAsync("merge", "--out", Path.Combine(_dir, "m"), one);
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, "shard(s) 2/2 missing: run them (same --seed and --cases)");

        var again = Write(Shard(1, 11, Timing(1, 1, 1)));
        (exit, stderr) = await RunAsync("merge", "--out", Path.Combine(_dir, "m"), one, again, Write(Shard(2, 11, Timing(1, 1, 1))));
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, "shard 1/2 is given twice");
    }

    [Fact]
    public async Task Merge_refuses_a_directory_without_results()
    {
        var one = Write(Shard(1, 11, Timing(1, 1, 1)));
        var two = Write(Shard(2, 11, Timing(1, 1, 1)));
        File.Delete(Path.Combine(two, "results.jsonl"));
        var (exit, stderr) = await RunAsync("merge", "--out", Path.Combine(_dir, "m"), one, two);
        Assert.Equal(ExitCodes.Error, exit);
        AssertOneLine(stderr, "has no results.jsonl: give the --out directory of a finished run --shard K/N");
    }

    // Fixtures: the recorded run split by case index, each half with a minimal summary.json of its own.

    private sealed record ShardFixture(CampaignSummary Summary, IReadOnlyList<string> Lines)
    {
        /// <summary>The lines read back the way merge reads them (<see cref="ResultsSink.Read"/> reads a file).</summary>
        public IReadOnlyList<ResultRecord> Results
        {
            get
            {
                var file = Path.GetTempFileName();
                try
                {
                    File.WriteAllLines(file, Lines);
                    return ResultsSink.Read(file);
                }
                finally { File.Delete(file); }
            }
        }
    }

    private static ShardFixture Shard(int k, int seed, Timings timings)
    {
        var shard = new CaseShard(k, 2);
        var lines = RecordedLines.Value.Where(l => shard.Includes(Index(l))).ToList();
        return new ShardFixture(Summary(shard, seed, timings) with { CasesRequested = lines.Count, CasesRun = lines.Count, CasesFailing = lines.Count }, lines);
    }

    /// <summary>c0042 → 42, read from the line's case id.</summary>
    private static int Index(string line)
    {
        var at = line.IndexOf("\"id\":\"c", StringComparison.Ordinal) + 7;
        return int.Parse(line.AsSpan(at, 4), CultureInfo.InvariantCulture);
    }

    private static CampaignSummary Summary(CaseShard shard, int seed, Timings timings) => new()
    {
        Seed = seed,
        Size = 30,
        Shard = shard,
        CasesRequested = 0,
        CasesRun = 0,
        CasesConforming = 0,
        CasesFailing = 0,
        Versions = Versions,
        Properties = new Dictionary<string, PropertyCount>(),
        KnownDeviations = new Dictionary<string, int>(),
        DisappearedDeviations = new Dictionary<string, int>(),
        Classification = new Dictionary<string, int>(),
        Failures = [],
        Timings = timings,
    };

    private static Timings Timing(double wall, double check, int processes) => new(wall, 5, check, 10, processes, processes * 10, 0);

    private ShardOutput Output(ShardFixture fixture) => new(Path.Combine(_dir, $"shard{fixture.Summary.Shard!.K}"), fixture.Summary, fixture.Results);

    private string Write(ShardFixture fixture)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, $"shard-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(dir, "summary.json"), RecordJson.Serialize(fixture.Summary));
        File.WriteAllLines(Path.Combine(dir, "results.jsonl"), fixture.Lines);
        return dir;
    }

    private static void Failure(string shardDir, string fingerprint, bool shrunk, string content)
    {
        var dir = Path.Combine(shardDir, "failures", fingerprint);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "case.json"), content);
        File.WriteAllText(Path.Combine(dir, "meta.json"), RecordJson.Serialize(new FailureMeta
        {
            Fingerprint = fingerprint, Tokens = [], CaseId = "c0001", Versions = Versions, FirstSeen = DateTimeOffset.UnixEpoch, Shrunk = shrunk,
        }));
    }

    private static IReadOnlyList<string> Describe(Ledger ledger) => ledger.Causes
        .Select(c => $"{c.Key.Text} [{string.Join(",", c.Members.Select(m => $"{m.Key.Text}:{m.Cases}:{m.Rule}"))}] {string.Join(",", c.Cases)}").ToList();

    private static async Task<(int Exit, string Stderr)> RunAsync(params string[] args)
    {
        var (exit, _, stderr) = await ProgramRun.RunAsync(args);
        return (exit, stderr);
    }

    private static void AssertOneLine(string stderr, string expected) => ProgramRun.AssertOneClearLine(stderr, expected);
}
