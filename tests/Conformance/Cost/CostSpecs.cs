using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Evaluation;

namespace Conformance.Tests.Cost;

/// <summary>
/// Evaluation cost as fields: where Nix's statistics are read, what the model predicts about
/// nixpkgs instances, when two measurements count as a change and which cause a change is.
/// </summary>
public sealed class CostSpecs
{
    private static readonly ModuleSpec Platform = new("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] };
    private static readonly ModuleSpec Overlay = new("ov", ModuleKind.Inline) { Definitions = [new OverlayDef("mine")] };

    private static ClanCase Fleet(int machines, params string[] extraImports) => new("t1")
    {
        Machines = Enumerable.Range(1, machines).Select(i => new MachineSpec($"m{i}") { InClanMachines = true, Imports = ["platform", .. extraImports] }).ToList(),
        Modules = [Platform, Overlay],
        InspectSystems = [Systems.X86_64Linux],
        ObserveCost = true,
    };

    private static long Instances(Prediction p, Scope path, string system) =>
        CostFields.TryCount(Assert.IsType<ValueOutcome>(p.Fields[FieldKey.Cost(path, system, CostCounter.Instances)]).Expected, out var n) ? n : -1;

    [Fact]
    public void Cost_keys_read_back_as_themselves()
    {
        var key = FieldKey.Cost(Scope.Internals, Systems.Aarch64Linux, CostCounter.GcBytes);
        Assert.Equal("cost/sys/aarch64-linux/gc-bytes", key.Text);
        Assert.Equal(key, FieldKey.Parse(key.Text));
        Assert.False(key.IsEvaluated);
        Assert.False(key.IsPkgsForSystemCalls);
        Assert.Equal(Scope.Internals, key.Phase);
    }

    [Fact]
    public void Only_cases_observed_with_cost_have_cost_fields_one_unit_per_path_and_inspected_system()
    {
        Assert.DoesNotContain(ObservationPlan.Fields(Fleet(2) with { ObserveCost = false }), k => k.Scope == Scope.Cost);
        var units = ObservationPlan.Fields(Fleet(2)).Where(k => k.Scope == Scope.Cost).Select(k => $"{k.CostPath}/{k.System}").Distinct().Order().ToList();
        Assert.Equal(["Configuration/all", "Internals/x86_64-linux"], units);
    }

    [Fact]
    public void Observing_cost_is_written_into_case_json_only_when_set()
    {
        Assert.DoesNotContain("observeCost", CaseJson.Serialize(Fleet(1) with { ObserveCost = false }));
        Assert.True(CaseJson.Deserialize(CaseJson.Serialize(Fleet(1))).ObserveCost);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void The_model_predicts_one_instance_per_machine_in_the_configurations_and_one_per_system_in_the_copies(int machines)
    {
        var p = Oracle.Predict(Fleet(machines));
        Assert.Equal(machines, Instances(p, Scope.Configuration, CostFields.AllSystems));
        Assert.Equal(1, Instances(p, Scope.Internals, Systems.X86_64Linux));
    }

    [Fact]
    public void Overlays_on_clans_shared_instance_add_one_instance_per_machine_in_the_copies()
    {
        // nixpkgs.nix: finalPkgs = pkgs.appendOverlays overlays — a new instance unless the list is empty.
        var p = Oracle.Predict(Fleet(3, "ov"));
        Assert.Equal(3, Instances(p, Scope.Configuration, CostFields.AllSystems));
        Assert.Equal(1 + 3, Instances(p, Scope.Internals, Systems.X86_64Linux));
    }

    [Fact]
    public void A_unit_with_a_machine_that_does_not_evaluate_is_not_predicted()
    {
        var c = Fleet(2) with { Machines = [.. Fleet(2).Machines, new MachineSpec("bare") { InClanMachines = true }] };
        var p = Oracle.Predict(c);
        Assert.DoesNotContain(FieldKey.Cost(Scope.Configuration, CostFields.AllSystems, CostCounter.Instances), p.Keys);
        Assert.DoesNotContain(p.Keys, k => k.Scope == Scope.Cost && k.Counter != CostCounter.Instances);
    }

    [Theory]
    [InlineData(CostCounter.Thunks, 1_536_223, 1_536_223, true)]
    [InlineData(CostCounter.Thunks, 1_536_223, 1_536_268, false)] // #6503: +45 thunks, deterministic, a regression
    [InlineData(CostCounter.Thunks, 1_522_459, 1_522_445, true)] // #7467: −14, an improvement
    [InlineData(CostCounter.GcBytes, 1_000_000, 400_000, true)]
    [InlineData(CostCounter.GcBytes, 441_755_648, 441_760_720, true)] // the injected fault's longer module.nix line, parsed by a configuration
    [InlineData(CostCounter.GcBytes, 127_378_608, 241_436_736, false)] // #7295: +90%
    [InlineData(CostCounter.Instances, 4, 5, false)]
    [InlineData(CostCounter.Instances, 5, 4, false)]
    [InlineData(CostCounter.Instances, 4, 4, true)]
    [InlineData(CostCounter.CpuMilliseconds, 900, 1800, true)]
    [InlineData(CostCounter.PeakKilobytes, 900, 1800, true)]
    public void Any_increase_of_a_structural_counter_differs_gc_bytes_beyond_1pc_a_decrease_never_instances_on_any_change_timings_never(CostCounter counter, long expected, long actual, bool same)
    {
        var key = FieldKey.Cost(Scope.Configuration, CostFields.AllSystems, counter);
        Assert.Equal(same, Comparer.Agrees(key, Outcome.Value(JsonValue.Create(expected), "base"), new ObservedValue(JsonValue.Create(actual))));
    }

    [Fact]
    public void A_cost_change_is_one_cause_per_path_keyed_by_its_headline_counter_with_the_measured_change_as_symptom()
    {
        FieldComparison Moved(Scope path, CostCounter counter, long from, long to) =>
            new(FieldKey.Cost(path, path == Scope.Configuration ? CostFields.AllSystems : Systems.X86_64Linux, counter), Outcome.Value(JsonValue.Create(from), "base"), new ObservedValue(JsonValue.Create(to)), false);
        var causes = CauseKeys.Of(Fleet(2),
        [
            Moved(Scope.Configuration, CostCounter.Thunks, 1000, 1380),
            Moved(Scope.Configuration, CostCounter.Values, 1000, 1300),
            Moved(Scope.Internals, CostCounter.Instances, 1, 3),
            Moved(Scope.Internals, CostCounter.Thunks, 1000, 2000),
        ]);
        Assert.Equal(["cfg/cost:thunks+", "sys/cost:instances+"], causes.Keys.Select(k => k.Text));
        Assert.Equal("cfg/cost:thunks+38%", Assert.Single(causes[CauseKey.Parse("cfg/cost:thunks+")]).Text);
        Assert.Equal("sys/cost:instances+2", Assert.Single(causes[CauseKey.Parse("sys/cost:instances+")]).Text);
    }

    [Theory]
    [InlineData(1000, 1380, "+38%")]
    [InlineData(1000, 500, "-50%")]
    [InlineData(1_536_223, 1_536_268, "+0.0029%")]
    [InlineData(1_522_459, 1_522_445, "-0.00092%")]
    [InlineData(1000, 1006, "+0.6%")]
    [InlineData(1000, 1000, "0%")]
    public void A_change_below_one_percent_keeps_two_significant_digits(long from, long to, string change) =>
        Assert.Equal(change, CostFields.Change(CostCounter.Thunks, from, to));

    [Fact]
    public void Statistics_are_read_from_the_end_of_stderr_and_instances_from_nixpkgs_entry_function()
    {
        const string stats = """
            {
              "cpuTime": 1.25,
              "envs": { "bytes": 1, "elements": 2, "number": 30 },
              "functions": [
                { "column": 5, "count": 8, "file": "/nix/store/x-source/pkgs/top-level/default.nix", "line": 196, "name": "allPackages" },
                { "column": 1, "count": 3, "file": "/nix/store/x-source/pkgs/top-level/default.nix", "line": 40, "name": null },
                { "column": 1, "count": 9, "file": "/nix/store/x-source/pkgs/top-level/stage.nix", "line": 21, "name": null }
              ],
              "gc": { "cycles": 1, "heapSize": 5, "totalBytes": 4096 },
              "nrFunctionCalls": 20,
              "nrThunks": 10,
              "sets": { "bytes": 1, "elements": 2, "number": 50 },
              "values": { "bytes": 1, "number": 40 }
            }
            """;
        var stderr = "warning: you don't have Internet access\ntrace: clan-conformance:begin:c1\n" + stats.Replace("\r", "") + "\n";
        var (parsed, before) = EvaluatorStats.Extract(stderr);
        Assert.NotNull(parsed);
        Assert.Equal("warning: you don't have Internet access\ntrace: clan-conformance:begin:c1\n", before);
        var c = parsed!.Counters;
        Assert.Equal(3, c[CostCounter.Instances]);
        Assert.Equal(10, c[CostCounter.Thunks]);
        Assert.Equal(20, c[CostCounter.FunctionCalls]);
        Assert.Equal(30, c[CostCounter.Envs]);
        Assert.Equal(40, c[CostCounter.Values]);
        Assert.Equal(50, c[CostCounter.Sets]);
        Assert.Equal(4096, c[CostCounter.GcBytes]);
        Assert.Equal(1250, c[CostCounter.CpuMilliseconds]);
        Assert.Null(EvaluatorStats.Extract("error: boom\n").Stats);
    }
}

/// <summary>The fleets <c>scale</c> evaluates: valid, the same for a size every time, and predicted by the model.</summary>
public sealed class FleetSpecs
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(100)]
    public void A_fleet_is_valid_deterministic_and_its_instances_are_predicted(int machines)
    {
        var fleet = Conformance.Generators.FleetGen.Fleet(machines);
        Assert.Empty(CaseValidator.Problems(fleet));
        Assert.True(CaseJson.Same(fleet, Conformance.Generators.FleetGen.Fleet(machines)));
        Assert.Equal(machines, fleet.Machines.Count);
        var p = Oracle.Predict(fleet);
        Assert.Contains(FieldKey.Cost(Scope.Configuration, CostFields.AllSystems, CostCounter.Instances), p.Keys);
        Assert.Contains(FieldKey.Cost(Scope.Internals, Systems.X86_64Linux, CostCounter.Instances), p.Keys);
    }
}

/// <summary>Cost in bisection and in scale: the midpoint rule, and the per-machine line.</summary>
public sealed class CostBisectAndGrowthSpecs
{
    private static readonly FieldKey Thunks = FieldKey.Cost(Scope.Internals, Systems.X86_64Linux, CostCounter.Thunks);

    private static CaseObservation With(long thunks) =>
        new("c1", new Dictionary<FieldKey, Observed> { [Thunks] = new ObservedValue(JsonValue.Create(thunks)) });

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1490, false)]
    [InlineData(1510, true)]
    [InlineData(2600, true)]
    public void A_revision_is_bad_for_a_cost_cause_once_its_counter_crossed_the_midpoint(long observed, bool bad)
    {
        var verdict = Runner.Bisecting.CaseBisector.Decide(With(observed), With(1000), With(2000), new HashSet<FieldKey> { Thunks });
        Assert.Equal(bad ? Runner.Bisecting.BisectOutcome.Bad : Runner.Bisecting.BisectOutcome.Good, verdict.Outcome);
    }

    [Fact]
    public void The_growth_fit_recovers_a_per_machine_cost_and_a_fixed_cost()
    {
        var fit = Runner.Scale.GrowthFit.Of([(1, 1_400), (5, 5_000), (20, 18_500), (100, 90_500)]);
        Assert.Equal(900, fit.Slope, 0);
        Assert.Equal(500, fit.Intercept, 0);
        Assert.True(fit.RSquared > 0.999);
    }
}

/// <summary>A cost change the same cases show with a value change is led by the value change.</summary>
public sealed class CostLedgerSpecs
{
    [Fact]
    public void Values_lead_a_cause_whose_cost_changed_in_the_same_cases()
    {
        var trail = new FieldComparison(FieldKey.Configuration("alpha", MachineField.Trail), Outcome.Value(JsonValue.Create("a"), "t"), new ObservedValue(JsonValue.Create("b")), false);
        var instances = new FieldComparison(FieldKey.Cost(Scope.Configuration, CostFields.AllSystems, CostCounter.Instances), Outcome.Value(JsonValue.Create(1), "t"), new ObservedValue(JsonValue.Create(2)), false);
        var cases = new[] { "c1", "c2" }.Select(id => Model.Ledger.CheckedCase.Of(new ClanCase(id), new CaseVerdict(id, [trail, instances]))).ToList();
        var cause = Assert.Single(Model.Ledger.LedgerBuilder.Build(cases).Causes);
        Assert.Equal("cfg/nixpkgs:value->value", cause.Key.Text);
        Assert.Contains(cause.Members, m => m.Key.Text == "cfg/cost:instances+");
    }
}

/// <summary>What scale calls a disagreement.</summary>
public sealed class ScalePointSpecs
{
    [Fact]
    public void A_unit_that_was_not_observed_is_no_disagreement_but_a_different_count_is()
    {
        var counted = new Runner.Scale.ScalePoint("r", 5, "cfg/all", new Dictionary<string, long> { ["instances"] = 6 }) { PredictedInstances = 5 };
        Assert.False(counted.InstancesAgree);
        Assert.True((counted with { PredictedInstances = 6 }).InstancesAgree);
        Assert.True(new Runner.Scale.ScalePoint("r", 5, "cfg/all", new Dictionary<string, long>()) { PredictedInstances = 5 }.InstancesAgree);
    }
}
