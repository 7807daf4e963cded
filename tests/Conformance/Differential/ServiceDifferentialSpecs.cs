using System.Text;
using Conformance.Generators;
using Conformance.Model.Causes;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Runner.Campaigns;
using Conformance.Runner.Checking;
using Conformance.Tests.Infrastructure;
using Conformance.Tests.ModelSpecs;
using Xunit.Abstractions;
using Conformance.Runner.Sinks;

namespace Conformance.Tests.Differential;

/// <summary>
/// The services property: for every generated service case (observed through clan-core's service
/// evaluations, no machine evaluation), the model's prediction equals what real clan-core does,
/// field by field — and the campaign really exercised every settings level, priority and user
/// mistake (a property must not pass vacuously).
/// </summary>
[Collection(LiveNixCollection.Name)]
[Trait("Category", "Live")]
public sealed class ServiceDifferentialSpecs(LiveNixFixture live, ITestOutputHelper output)
{
    private static readonly IReadOnlySet<FocusArea> Focus = new HashSet<FocusArea> { FocusArea.Services };

    [SkippableFact(Timeout = 3_600_000)]
    public async Task Generated_service_cases_conform()
    {
        var session = live.Require();
        var outcome = await SharedServiceCampaign.SharedAsync(session);
        output.WriteLine($"services campaign: seed {outcome.Seed}, {outcome.Results.Count} cases, {outcome.Duration.TotalSeconds:0.0} s " +
            $"({outcome.Results.Count / Math.Max(outcome.Duration.TotalMinutes, 1e-6):0} cases/min), {outcome.Processes} nix processes");
        var fields = outcome.Results.SelectMany(r => r.Verdict.Fields.Where(f => FocusAreas.Of(f.Key, f.Expected, f.Actual).Contains(FocusArea.Services))).ToList();
        output.WriteLine($"{fields.Count} service fields compared, {fields.Count(f => f.Expected is ErrorOutcome)} expected errors");
        Assert.True(fields.Count >= outcome.Results.Count * 10, $"only {fields.Count} service fields in {outcome.Results.Count} cases: the plan observes too little");
        var faults = outcome.Results.Where(r => r.Verdict.Faults.Count > 0).Select(r => r.Case.Id).ToList();
        Assert.True(faults.Count == 0, "harness faults kept cases from being observed: " + string.Join(", ", faults));

        var failing = outcome.Results.Where(r => CampaignSettings.FailingFields(r.Verdict, Focus).Count > 0).ToList();
        if (failing.Count == 0) return;
        var text = new StringBuilder($"{failing.Count} generated service case(s) disagree with the model (seed {outcome.Seed}):\n");
        foreach (var r in failing.Take(5))
        {
            var disagreements = CampaignSettings.FailingFields(r.Verdict, Focus);
            text.AppendLine($"{r.Case.Id}: {string.Join(", ", CauseKeys.KeysOf(r.Case, disagreements))}");
            foreach (var f in disagreements.Take(4)) text.AppendLine($"  {f.Key}: expected {f.Expected}; actual {f.Actual?.ToString() ?? "not observed"}");
            text.AppendLine(Conformance.Model.Cases.CaseJson.Serialize(r.Case));
        }
        text.AppendLine($"rerun: dotnet run --project src/Runner -- run --focus services --seed {outcome.Seed} --cases {SharedServiceCampaign.Cases} --out runs/services (shrinks and saves each cause)");
        Assert.Fail(text.ToString());
    }

    /// <summary>Cases of <see cref="CaseKind.ServicesOnMachines"/> observed with their machine evaluations.</summary>
    public const int MachineCases = 24;

    /// <summary>
    /// What NixOS and nix-darwin make of the modules services give machines (the order
    /// <c>conformance.serviceOrder</c> is merged in, in the configurations and the clanInternals
    /// copies; an unknown role failing every machine), next to every other field of those clans:
    /// a small campaign of whole clans with services, since each machine evaluation costs ~1 s.
    /// </summary>
    [SkippableFact(Timeout = 3_600_000)]
    public async Task Clans_with_services_conform_in_their_machine_evaluations()
    {
        var session = live.Require();
        var cases = ClanArbitraries.Campaign(SharedServiceCampaign.ConfiguredSeed, MachineCases, kind: CaseKind.ServicesOnMachines);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var checker = Checks.Model(session);
        var results = await checker.CheckAsync(cases);
        output.WriteLine($"{results.Count} clans with services, {checker.MachineEvaluations} machine evaluations, {clock.Elapsed.TotalSeconds:0} s");
        var ordered = results.SelectMany(r => r.Verdict.Fields.Where(f => f.Key.MachineField == MachineField.ServiceOrder && f.Expected is ValueOutcome { Expected: System.Text.Json.Nodes.JsonArray { Count: > 1 } })).Count();
        output.WriteLine($"{ordered} machine evaluations merged modules of several service modules");
        Assert.True(ordered >= 10, $"only {ordered} machine evaluations got modules from services: the generator does not exercise service module order in NixOS");
        var failing = results.Where(r => !r.Verdict.Conforms).ToList();
        Assert.True(failing.Count == 0, string.Join("\n", failing.Take(3).Select(r =>
            $"{r.Case.Id}: " + string.Join("; ", r.Verdict.Disagreements.Take(4).Select(d => $"{d.Key}: expected {d.Expected}, actual {d.Actual}")))));
    }

    [SkippableFact(Timeout = 3_600_000)]
    public async Task The_services_campaign_exercised_every_level_priority_and_error_class()
    {
        var outcome = await SharedServiceCampaign.SharedAsync(live.Require());
        var counts = outcome.Results.SelectMany(r => CaseClassifier.Labels(r.Case, r.Expected)).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (label, count) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) output.WriteLine($"{count,5} {label}");
        var missing = ServiceGeneratorSpecs.RequiredLabels.Where(l => counts.GetValueOrDefault(l) < 3).ToList();
        Assert.True(missing.Count == 0, "the campaign exercised these fewer than 3 times: " + string.Join(", ", missing));
        // Every error class must also have been observed as such: the predicted errors were compared, not skipped.
        var observedErrorClasses = outcome.Results
            .SelectMany(r => r.Verdict.Fields.Where(f => f.Key.Scope == Scope.Service && f.Agrees && f.Expected is ErrorOutcome))
            .Select(f => CaseClassifier.ServiceErrorClass(((ErrorOutcome)f.Expected).Error)).ToHashSet();
        var unobserved = ServiceGeneratorSpecs.RequiredLabels.Where(l => l.StartsWith("service-error:", StringComparison.Ordinal))
            .Select(l => l["service-error:".Length..]).Where(c => !observedErrorClasses.Contains(c)).ToList();
        Assert.True(unobserved.Count == 0, "error classes never compared with Nix: " + string.Join(", ", unobserved));
    }
}
