using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Ledger;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Checking;
using Conformance.Runner.Cli;
using Conformance.Runner.Hosting;
using Conformance.Runner.Corpus;
using Conformance.Runner.Reports;
using Conformance.Runner.Sinks;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Reports;

/// <summary>
/// A campaign's upstream.md: the triage stage that renders it (after verification and bisection,
/// under the budget; a skip or a cut is named with the cause), the corpus that saves it next to
/// report.md, and summary.md linking it. Offline: the renderer is a stand-in, no Nix runs.
/// </summary>
public sealed class CampaignUpstreamSpecs : IDisposable
{
    private static readonly string Recorded = Path.Combine(RepoPaths.Root, "tests", "Conformance", "recorded", "failure-7295");
    private static readonly CauseKey Cause = CauseKey.Parse("cfg/nixpkgs:value->value");
    private static readonly EvaluatedVersions Versions = new("2.26.3", "clan-core fb7d2a7c5", "nixpkgs 25.05", "container");

    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-upstream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Triage_renders_the_upstream_report_after_the_other_stages()
    {
        var (triaged, calls) = await TriageAsync(Budget(spent: false), (t, _, _) => Task.FromResult<(string?, string?)>(($"report of {t.Minimal.Case.Id}", null)));
        Assert.Equal(1, calls);
        Assert.Equal($"report of {triaged.Minimal.Case.Id}", triaged.Upstream);
        Assert.DoesNotContain(triaged.Cut, c => c.StartsWith("upstream.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cause_without_a_filed_ready_report_says_why_with_its_cuts()
    {
        var (triaged, _) = await TriageAsync(Budget(spent: false), (_, _, _) => Task.FromResult<(string?, string?)>((null, "only stderr differs")));
        Assert.Null(triaged.Upstream);
        Assert.Contains("upstream.md: not written, only stderr differs", triaged.Cut);
    }

    [Fact]
    public async Task A_spent_budget_renders_no_report_and_names_the_cut()
    {
        var (triaged, calls) = await TriageAsync(Budget(spent: true), (_, _, _) => Task.FromResult<(string?, string?)>(("never", null)));
        Assert.Equal(0, calls);
        Assert.Null(triaged.Upstream);
        Assert.Contains("upstream.md: not run, the budget was spent", triaged.Cut);
    }

    [Fact]
    public void A_failure_that_differs_only_on_stderr_has_no_filed_ready_report()
    {
        // A cost counter is no printed value either (Nix's statistics, not nix eval's output).
        var fields = new[] { "stderr/Warnings", "cost/cfg/all/thunks" }.Select(key => Fields()[0] with { Key = key }).ToList();
        var meta = RecordJson.Deserialize<FailureMeta>(File.ReadAllText(Path.Combine(Recorded, "meta.json")), "meta.json");
        Assert.Null(FailureFinding.Reported(fields));
        var error = Assert.Throws<UsageException>(() => FailureFinding.From(meta, fields, Case(), []));
        Assert.Equal(FailureFinding.WhyNone(meta.Fingerprint), error.Message);
        // One evaluated field is enough: it is the one reported.
        Assert.Equal(Fields()[0].Key, FailureFinding.Reported([fields[0], Fields()[0]])!.Key);
    }

    [Fact]
    public void The_corpus_saves_upstream_md_next_to_report_md_and_drops_a_stale_one()
    {
        var settings = Settings();
        var sink = new CorpusSink(new FailureCorpus(SavedFailure.Renderer(new RepositoryFiles(RepoPaths.Root))), settings, "clan-core 8513da8c4");
        var result = Result(Case());
        var found = new FoundFailure(result, CheckedCase.Of(result.Case, result.Verdict), "fp", FailureCorpus.DirectoryFor(settings.OutDirectory, "fp"));
        var cause = new TriagedCause(Cause, result, result, 0, true, []) { Upstream = "# A filed report\n" };

        sink.CauseTriaged(cause, found);
        Assert.True(File.Exists(Path.Combine(found.Directory, "report.md")));
        Assert.Equal("# A filed report\n", File.ReadAllText(Path.Combine(found.Directory, CorpusSink.UpstreamFile)));

        // Saved again without one (a later campaign in the same directory, cut by its budget): the old one would describe another case.
        sink.CauseTriaged(cause with { Upstream = null }, found);
        Assert.False(File.Exists(Path.Combine(found.Directory, CorpusSink.UpstreamFile)));
        Assert.True(File.Exists(Path.Combine(found.Directory, "case.json")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Summary_links_upstream_md_from_the_cause_only_when_it_was_written(bool written)
    {
        var md = SummaryMarkdown.Render(new CampaignSummary
        {
            Seed = 5, Size = 50, CasesRequested = 1, CasesRun = 1, CasesConforming = 0, CasesFailing = 1, Versions = Versions,
            Properties = new Dictionary<string, PropertyCount>(), KnownDeviations = new Dictionary<string, int>(),
            DisappearedDeviations = new Dictionary<string, int>(), Classification = new Dictionary<string, int>(), Failures = [],
            Timings = new Timings(1, 0, 1, 0, 1, 1, 1),
            Causes = [new CauseSummary(Cause.Text, "t", 1) { Fingerprint = "fp", Directory = "failures/fp", Upstream = written }],
        });
        Assert.Equal(written, md.Contains("](failures/fp/upstream.md)", StringComparison.Ordinal));
        Assert.Contains("](failures/fp/report.md)", md);
    }

    private static ClanCase Case() => CaseJson.Deserialize(File.ReadAllText(Path.Combine(Recorded, "case.json")));

    private static List<FieldRecord> Fields() =>
        RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(Recorded, "verdict.json")), "verdict.json");

    private static CaseResult Result(ClanCase clanCase) => new(clanCase, new Prediction(clanCase.Id, new Dictionary<FieldKey, Outcome>()),
        new CaseObservation(clanCase.Id, new Dictionary<FieldKey, Observed>()), new CaseVerdict(clanCase.Id, []));

    private CampaignSettings Settings() =>
        CampaignSettings.From("diff", new CampaignOptions(), _dir, 1, Versions, new HashSet<CauseKey>(), TimeSpan.Zero, verbose: false);

    /// <summary>
    /// A budget whose shrinking is over (so no case is checked) but whose later stages have time
    /// left — or none at all.
    /// </summary>
    private static TriageBudget Budget(bool spent) => spent
        ? new TriageBudget(TimeSpan.FromSeconds(1), withHistory: false, DateTimeOffset.UtcNow.AddMinutes(-1))
        : new TriageBudget(TimeSpan.FromMinutes(2), withHistory: false, DateTimeOffset.UtcNow.AddSeconds(-100));

    private static async Task<(TriagedCause Triaged, int Calls)> TriageAsync(TriageBudget budget,
        Func<TriagedCause, CheckedCase, CancellationToken, Task<(string? Text, string? Skipped)>> upstream)
    {
        var calls = 0;
        var triage = new CauseTriage(new NoChecks(), v => v.Fields)
        {
            Parallelism = 1,
            Upstream = (t, c, _, ct) => { Interlocked.Increment(ref calls); return upstream(t, c, ct); },
        };
        Assert.True(budget.ShrinkingSpent, "the test's budget lets shrinking run");
        var triaged = (await triage.RunAsync([(Cause, Result(Case()))], budget, _ => Task.CompletedTask, _ => { }, CancellationToken.None)).Single();
        Assert.Contains("shrinking: the budget was spent before it started", triaged.Cut);
        return (triaged, calls);
    }

    /// <summary>Shrinking is over before it starts in these tests: a check would be a mistake in the test.</summary>
    private sealed class NoChecks : ICaseChecker
    {
        public string Expectation => "none";
        public string Subject => "none";
        public int Processes => 0;
        public int MachineEvaluations => 0;

        public Task<IReadOnlyList<CaseResult>> CheckAsync(IReadOnlyList<ClanCase> cases, Func<CaseResult, Task>? onResult = null,
            IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no case is checked when shrinking's budget is spent");
    }
}
