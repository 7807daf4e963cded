using Conformance.Model.Observations;
using Conformance.NixDriver.Backends;
using Conformance.Model.Ledger;
using Conformance.Runner.Corpus;
using Conformance.Runner.Cli;

namespace Conformance.Runner.Sinks;

/// <summary>summary.json of a campaign or a diff (and the data of summary.md, <see cref="SummaryMarkdown"/>).</summary>
internal sealed record CampaignSummary
{
    /// <summary><c>run</c> (against the model) or <c>diff</c> (against a base revision).</summary>
    public string Kind { get; init; } = "run";
    public required int Seed { get; init; }
    public required int Size { get; init; }
    /// <summary>The shard of the seed's cases this campaign checked (<c>--shard K/N</c>); null when it checked them all.</summary>
    public CaseShard? Shard { get; init; }
    /// <summary>How many shards <c>merge</c> combined into this summary; null when it is one campaign's.</summary>
    public int? MergedShards { get; init; }
    public required int CasesRequested { get; init; }
    public required int CasesRun { get; init; }
    public required int CasesConforming { get; init; }
    public required int CasesFailing { get; init; }
    public bool Interrupted { get; init; }
    /// <summary>Why the run stopped early when the infrastructure failed (null otherwise).</summary>
    public string? InfrastructureFailure { get; init; }
    public IReadOnlyList<string> Focus { get; init; } = [];
    /// <summary>Which generator drew the cases (<c>--generator</c>).</summary>
    public string Generator { get; init; } = "clans";
    /// <summary>What the expectation was: <c>the model</c>, or the base revision.</summary>
    public string Expectation { get; init; } = "the model";
    public required EvaluatedVersions Versions { get; init; }
    /// <summary>For a diff: the base revision's versions.</summary>
    public EvaluatedVersions? BaseVersions { get; init; }
    /// <summary>With history: the first bad commits, in history order, each with the causes (keys) it made. What to read first.</summary>
    public IReadOnlyList<CommitSummary> Commits { get; init; } = [];
    /// <summary>The causes (behaviours), most frequent first.</summary>
    public IReadOnlyList<CauseSummary> Causes { get; init; } = [];
    /// <summary>What the budget (or the infrastructure) cut from triage: shrinking, verification, bisection, per cause.</summary>
    public IReadOnlyList<string> BudgetCuts { get; init; } = [];
    /// <summary>Per focus area ("property"): cases whose fields in that area all agree, and cases where some do not.</summary>
    public required IReadOnlyDictionary<string, PropertyCount> Properties { get; init; }
    public required IReadOnlyDictionary<string, int> KnownDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> DisappearedDeviations { get; init; }
    public required IReadOnlyDictionary<string, int> Classification { get; init; }
    /// <summary>Every distinct set of disagreeing fields (fingerprint), with the causes it shows: the detail below the causes.</summary>
    public required IReadOnlyList<FailureSummary> Failures { get; init; }
    public int UnobservedFields { get; init; }
    /// <summary>Cases with fields the infrastructure kept from being observed (timeouts), with the first reason.</summary>
    public IReadOnlyDictionary<string, string> HarnessFaults { get; init; } = new Dictionary<string, string>();
    public required Timings Timings { get; init; }
    /// <summary>Per case observed with cost (<c>--cost</c>) and per unit: the counters (and, in a diff, the base's).</summary>
    public IReadOnlyList<CostRow> Cost { get; init; } = [];

    public bool IsDiff => Kind == "diff";

    public string ToMarkdown() => SummaryMarkdown.Render(this);

    /// <summary>What a campaign's summary means: stopped early or not fully observed → 2, failures → 1, else 0.</summary>
    public int ExitCode() =>
        Interrupted ? ExitCodes.Error : CasesFailing > 0 ? ExitCodes.Fails : HarnessFaults.Count > 0 ? ExitCodes.Error : ExitCodes.Conforms;

    /// <summary>The campaign's exit code, saying why when it is 2; an infrastructure failure is raised (the caller prints it as an error, exit 2).</summary>
    /// <param name="say">Where the reason for a 2 goes.</param>
    public int ExitCode(string outDirectory, Action<string> say)
    {
        if (InfrastructureFailure is not null)
            throw new NixInfrastructureException($"{InfrastructureFailure} (the run stopped; results found so far are in {outDirectory})");
        var code = ExitCode();
        if (Interrupted) say($"interrupted: partial results in {outDirectory}");
        else if (code == ExitCodes.Error)
            say($"error: {HarnessFaults.Count} case(s) could not be fully observed (infrastructure: {HarnessFaults.Values.First()}). " +
                $"Raise --timeout or lower --workers; see {Path.Combine(outDirectory, "summary.md")}.");
        return code;
    }
}

internal sealed record PropertyCount(int Passed, int Failed, int Fields);

/// <summary>One distinct set of disagreeing fields (a fingerprint) and the causes it shows.</summary>
internal sealed record FailureSummary(string Fingerprint, IReadOnlyList<string> Tokens, IReadOnlyList<string> Cases, string Directory)
{
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>False when the output directory held this fingerprint before the run (deduplication across runs: it gained an occurrence).</summary>
    public bool IsNew { get; init; } = true;
}

/// <summary>A first bad commit and the keys of the causes it made.</summary>
internal sealed record CommitSummary(Commit Commit, IReadOnlyList<string> Causes);

/// <summary>Where a cause showed: a symptom (scope/aspect:transition) and how many cases show it.</summary>
internal sealed record SymptomSummary(string Symptom, int Cases);

/// <summary>A cause key merged into another, with the rule that merged it (docs/model.md, "Causes").</summary>
internal sealed record MemberSummary(string Key, int Cases, string? Rule, string? With);

/// <summary>One cause (a behaviour): its key, in plain words, how many cases show it, where, what merged into it, its shrunk example, its report's checks and its first bad commit.</summary>
internal sealed record CauseSummary(string Key, string Title, int Cases)
{
    public IReadOnlyList<SymptomSummary> Symptoms { get; init; } = [];
    /// <summary>Other keys merged into this cause (the key itself is the lead).</summary>
    public IReadOnlyList<MemberSummary> Members { get; init; } = [];
    /// <summary>Fingerprint of the shrunk example (or of the representative when it was not shrunk).</summary>
    public string? Fingerprint { get; init; }
    public string? Directory { get; init; }
    public int ShrinkSteps { get; init; }
    public bool ShrinkComplete { get; init; }
    public int MinimalMachines { get; init; }
    /// <summary>Report commands run on the revisions involved, and how many printed what the report says.</summary>
    public int ReportChecks { get; init; }
    public int ReportChecksReproducing { get; init; }
    /// <summary>Whether the shrunk example's directory holds a filed-ready report (upstream.md).</summary>
    public bool Upstream { get; init; }
    /// <summary>Listed in known-failures.txt (the key or a member's).</summary>
    public bool Known { get; init; }
    public Commit? FirstBadCommit { get; init; }
    /// <summary>Why there is no first bad commit, when history was at hand.</summary>
    public string? Bisection { get; init; }
    /// <summary>What the budget cut for this cause.</summary>
    public IReadOnlyList<string> Cut { get; init; } = [];
    /// <summary>The case ids showing it (first 20).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];
}

/// <summary>Wall time by stage; <see cref="ShrinkSeconds"/> is the whole triage (shrinking, verifying, bisecting), which the budget bounds.</summary>
internal sealed record Timings(double WallSeconds, double SetupSeconds, double CheckSeconds, double ShrinkSeconds, int NixProcesses, int MachineEvaluations, double MachineEvaluationsPerMinute);

/// <summary>
/// One cost unit of one case (<c>cfg/all</c>, <c>sys/&lt;system&gt;</c>): its counters by name, and what was
/// expected for them — the model's instances in a run, every counter of the base revision in a diff.
/// </summary>
internal sealed record CostRow(string Case, int Machines, string Unit, IReadOnlyDictionary<string, long> Counters, IReadOnlyDictionary<string, long> Expected)
{
    /// <summary>The rows of checked cases, in case and unit order.</summary>
    public static IReadOnlyList<CostRow> Of(IEnumerable<Checking.CaseResult> results) =>
        results.OrderBy(r => r.Case.Id, StringComparer.Ordinal).SelectMany(r =>
            r.Observation.Fields.Keys.Concat(r.Expected.Keys).Where(k => k.Scope == Scope.Cost).Distinct()
                .GroupBy(k => $"{CostFields.PathLabel(k.CostPath!.Value)}/{k.System}").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CostRow(r.Case.Id, r.Case.Machines.Count, g.Key,
                    Counts(g.Select(k => (k, r.Observation.Fields.GetValueOrDefault(k) is ObservedValue { Value: var v } ? v : null))),
                    Counts(g.Select(k => (k, r.Expected.Fields.GetValueOrDefault(k) is Model.Outcomes.ValueOutcome { Expected: var v } ? v : null))))))
            .ToList();

    private static SortedDictionary<string, long> Counts(IEnumerable<(FieldKey Key, System.Text.Json.Nodes.JsonNode? Value)> values)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
            if (value is not null && CostFields.TryCount(value, out var n)) counts[CostFields.Name(key.Counter!.Value)] = n;
        return counts;
    }
}
