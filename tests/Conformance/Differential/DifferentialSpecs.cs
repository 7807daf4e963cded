using System.Text;
using Conformance.Generators;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Corpus;
using Conformance.Runner.Hosting;
using Xunit.Abstractions;
using Conformance.Runner.Reports;
using Conformance.Runner.Sinks;

namespace Conformance.Tests.Differential;

/// <summary>
/// The differential properties: for every generated clan, the model's prediction equals what real
/// clan-core does under real Nix, field by field, per focus area. A failing property shrinks the
/// first failing clan (batched), saves it, and prints the seed, the minimal clan, expected vs
/// actual and the command that replays it.
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class DifferentialSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    /// <summary>Areas with the minimum number of non-trivial fields a campaign must exercise (a property must not pass vacuously).</summary>
    public static TheoryData<string, int> Areas => new()
    {
        { "pkgs-for-system", 30 },
        { "priorities", 50 },
        { "overlays", 20 },
        { "nixpkgs-config", 20 },
        { "module-order", 10 },
        { "hostname", 20 },
        { "roles", 10 },
        { "classes", 20 },
        { "inventory", 20 },
        { "errors", 10 },
    };

    /// <summary>
    /// What the campaign must have generated, each at least <see cref="MinimumPerLabel"/> times
    /// (<see cref="CaseClassifier"/> labels): every priority form and mkOrder/mkIf, every module
    /// kind and machine source, darwin machines, the package-set variants, each kind of error the
    /// model predicts most often, each known deviation. A generator change that stops producing one of these
    /// makes the properties above pass vacuously for it; this test says which.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredLabels =
    [
        "priority:Force", "priority:Default", "priority:OptionDefault", "priority:Override", "mkOrder", "mkIf-false",
        "module:Inline", "module:File", "module:Dendritic", "diamond-import", "nested-imports", "dendritic-with-class",
        "darwin-machine", "edge-machine-name", "source:clan.machines", "source:inventory-nix", "source:inventory.json", "source:machines-dir",
        "special-args", "reads-non-public-clan-core", "static-tags", "role-unknown-machine", "role-unknown-tag",
        "pkgsForSystem:ClanOption", "pkgsForSystem:PerSystem", "pkgsForSystem-called", "custom-pkgs-instance", "machine-sets-nixpkgs.pkgs",
        "hostPlatform-with-priority", "perSystem-missing-system",
        "expects-error:ConflictingDefinitions", "expects-error:NotUnique", "expects-error:TypeMismatch", "expects-error:Throw",
        "expects-error:NoValueDefined", "expects-error:ClassMismatch", "expects-error:AttributeMissing",
        "documented-vs-actual:configurations-ignore-pkgsForSystem", "documented-vs-actual:internals-apply-overlays-on-pkgsForSystem",
        "documented-vs-actual:internals-ignore-config-on-fallback",
    ];

    public const int MinimumPerLabel = 3;

    [SkippableTheory(Timeout = 3_600_000)]
    [MemberData(nameof(Areas))]
    public async Task Generated_clans_conform_in_area(string areaName, int minimumNonTrivialFields)
    {
        var session = live.Require();
        var area = FocusAreas.Parse(areaName)!.Value;
        var outcome = await SharedCampaign.SharedAsync(session);
        output.WriteLine($"campaign: seed {outcome.Seed}, {outcome.Results.Count} cases, {outcome.Duration.TotalSeconds:0} s, {outcome.Processes} nix processes, {outcome.MachineEvaluations} machine evaluations");

        var inArea = outcome.Results.SelectMany(r => r.Verdict.Fields.Where(f => FocusAreas.Of(f.Key, f.Expected, f.Actual).Contains(area))).ToList();
        var nonTrivial = inArea.Count(f => IsNonTrivial(f.Expected));
        // The minimums are for the default size; a smaller campaign (the second Nix's in scripts/test) needs proportionally fewer.
        var minimum = (int)Math.Ceiling((double)minimumNonTrivialFields * outcome.Results.Count / SharedCampaign.DefaultCases);
        output.WriteLine($"{areaName}: {inArea.Count} fields compared, {nonTrivial} non-trivial (at least {minimum})");
        Assert.True(nonTrivial >= minimum,
            $"the campaign exercised only {nonTrivial} non-trivial {areaName} fields (< {minimum}): the generators do not cover this area");

        var focus = new HashSet<FocusArea> { area };
        var failing = outcome.Results.Where(r => CampaignSettings.FailingFields(r.Verdict, focus).Count > 0).ToList();
        if (failing.Count == 0) return;
        Assert.Fail(await DescribeFailureAsync(session, outcome.Seed, failing, focus));
    }

    [SkippableFact(Timeout = 3_600_000)]
    public async Task Known_deviations_still_occur_and_none_has_disappeared()
    {
        var outcome = await SharedCampaign.SharedAsync(live.Require());
        var observed = outcome.Results.SelectMany(r => r.Verdict.Deviations).GroupBy(d => d.KnownDeviation!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, count) in observed) output.WriteLine($"known deviation {id}: {count} field(s)");
        var gone = outcome.Results.SelectMany(r => r.Verdict.DisappearedDeviations.Select(d => $"{r.Case.Id} {d.Key}: {d.DeviationDisappeared}")).ToList();
        Assert.True(gone.Count == 0, "Nix now does what clan-core documents; remove these from known-deviations.json:\n" + string.Join("\n", gone));
        var unlisted = outcome.Results.SelectMany(r => r.Verdict.Fields.Where(f => f.UnlistedDeviation is not null).Select(f => f.UnlistedDeviation!)).Distinct().ToList();
        Assert.True(unlisted.Count == 0, "deviations the model knows but known-deviations.json does not list: " + string.Join(", ", unlisted));
        Assert.NotEmpty(observed);
    }

    [SkippableFact(Timeout = 3_600_000)]
    public async Task The_campaign_reports_what_it_generated()
    {
        var outcome = await SharedCampaign.SharedAsync(live.Require());
        var labels = outcome.Results.SelectMany(r => CaseClassifier.Labels(r.Case, r.Expected)).GroupBy(l => l).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var g in labels) output.WriteLine($"{g.Count(),5} {g.Key}");
        var faults = outcome.Results.Where(r => r.Verdict.Faults.Count > 0).Select(r => r.Case.Id).ToList();
        Assert.True(faults.Count == 0, "harness faults (timeouts) kept cases from being observed: " + string.Join(", ", faults));
        var counts = labels.ToDictionary(g => g.Key, g => g.Count());
        var rare = RequiredLabels.Where(l => counts.GetValueOrDefault(l) < MinimumPerLabel).Select(l => $"{l} ({counts.GetValueOrDefault(l)})").ToList();
        Assert.True(rare.Count == 0, $"the campaign generated these fewer than {MinimumPerLabel} times: {string.Join(", ", rare)}");
    }

    private static bool IsNonTrivial(Outcome expected) => expected switch
    {
        ErrorOutcome => true,
        ValueOutcome { Expected: System.Text.Json.Nodes.JsonArray a } => a.Count > 0,
        ValueOutcome { Expected: System.Text.Json.Nodes.JsonObject o } => o.Count > 0,
        ValueOutcome { Expected: null } => false,
        ValueOutcome v => v.Expected!.ToJsonString() is not ("0" or "\"default\""),
        _ => false,
    };

    /// <summary>Shrinks the first failing case, saves it as a failure, and describes it the way a person fixing it needs.</summary>
    private async Task<string> DescribeFailureAsync(NixDriver.Sessions.NixSession session, int seed, IReadOnlyList<CaseResult> failing, IReadOnlySet<FocusArea> focus)
    {
        IReadOnlyList<FieldComparison> Failing(CaseVerdict v) => CampaignSettings.FailingFields(v, focus);
        var triage = new CauseTriage(Checks.Model(session), Failing) { Parallelism = 1 };
        var first = failing[0];
        var cause = triage.Checked(first).Causes.Keys.First();
        var shrunk = (await triage.RunAsync([(cause, first)], TriageBudget.StartingNow(TimeSpan.FromMinutes(8), withHistory: false),
            _ => Task.CompletedTask, _ => { }, CancellationToken.None)).Single();
        var (minimal, steps) = (shrunk.Minimal, shrunk.Steps);
        var outDir = Path.Combine(RepoPaths.Root, "TestResults", "differential");
        var repository = new RepositoryFiles(RepoPaths.Root);
        var minimalFingerprint = Fingerprint.Of(Failing(minimal.Verdict));
        var dir = new FailureCorpus(SavedFailure.Renderer(repository)).Save(outDir, minimal, Failing(minimal.Verdict), minimalFingerprint, new FailureMeta
        {
            Fingerprint = minimalFingerprint,
            Tokens = Fingerprint.Tokens(minimal.Verdict),
            Causes = [cause.Text],
            CaseId = first.Case.Id,
            Seed = seed,
            Versions = new EvaluatedVersions("?", "?", "?", session.Backend.Description),
            FirstSeen = DateTimeOffset.UtcNow,
            Shrunk = true,
            ShrinkSteps = steps,
            OriginalMachines = first.Case.Machines.Count,
            MinimalMachines = minimal.Case.Machines.Count,
        }, first.Case);
        var text = new StringBuilder();
        text.AppendLine($"{failing.Count} generated clan(s) disagree with the model (seed {seed}: {string.Join(", ", failing.Select(f => f.Case.Id).Take(12))}).");
        text.AppendLine($"Cause {cause}: {Model.Causes.CauseTitles.Title(cause, triage.Checked(first).Causes[cause])}.");
        text.AppendLine($"Shrunk {first.Case.Id} in {steps} step(s) to {minimal.Case.Machines.Count} machine(s):");
        text.AppendLine(global::Conformance.Model.Cases.CaseJson.Serialize(minimal.Case));
        foreach (var f in Failing(minimal.Verdict))
            text.AppendLine($"  {f.Key}: expected {f.Expected} ({f.Expected.Rule}); actual {f.Actual?.ToString() ?? "not observed"}");
        text.AppendLine($"saved: {dir}");
        text.AppendLine($"replay: dotnet run --project src/Runner -- replay {Path.GetRelativePath(RepoPaths.Root, dir)}");
        text.AppendLine($"regenerate the campaign: CLAN_CONFORMANCE_SEED={seed} CLAN_CONFORMANCE_CASES={SharedCampaign.Cases} dotnet test --filter FullyQualifiedName~DifferentialSpecs");
        return text.ToString();
    }
}
