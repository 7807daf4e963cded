using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conformance.Tests.ModelSpecs;

/// <summary>Registers the harness's arbitraries for FsCheck.Xunit properties.</summary>
public static class HarnessArbitraries
{
    public static Arbitrary<ClanCase> ClanCase() => ClanArbitraries.ClanCase();
}

/// <summary>Registers the services generator's arbitrary (cases observed without machine evaluations).</summary>
public static class ServiceArbitraries
{
    public static Arbitrary<ClanCase> ClanCase() => ClanArbitraries.ServiceCase();
}

/// <summary>Fast properties of the model and the generators (no Nix).</summary>
[Properties(Arbitrary = [typeof(HarnessArbitraries)], MaxTest = 200)]
public sealed class ModelProperties
{
    [Property]
    public void The_oracle_answers_every_field_of_every_case(ClanCase c)
    {
        var p = Oracle.Predict(c);
        var inspected = ObservationPlan.InspectedSystems(c).Count();
        Assert.Equal(ObservationPlan.Fields(c), p.Keys);
        var machineFields = ObservationPlan.EvaluatesMachines(c) ? MachineField.All.Count + inspected * ObservationPlan.InternalsFields.Count : 0;
        Assert.Equal(c.Machines.Count * machineFields, p.Fields.Keys.Count(k => k.Scope is Scope.Configuration or Scope.Internals));
        Assert.Equal(ClanField.All.Count, p.Fields.Keys.Count(k => k.Scope == Scope.Clan));
    }

    /// <summary>
    /// pkgsFor is bound once per clan: a second machine that is a copy of the first (another name,
    /// the same declarations, modules and machines/ directory) never changes how often pkgsForSystem
    /// is predicted to run. A model counting per machine, or per machine copy, fails this
    /// (<see cref="PlantedModelSpecs"/>). Every generated clan is checked: the copy gets a name no
    /// machine has and is valid by construction, so there is no case this property skips.
    /// </summary>
    [Property]
    public void A_copy_of_a_machine_never_changes_the_predicted_pkgsForSystem_calls(ClanCase c) =>
        CopyKeepsPkgsForSystemCalls(Oracle.Predict, c);

    /// <summary>The copy property against any model (the planted wrong ones included).</summary>
    internal static void CopyKeepsPkgsForSystemCalls(Func<ClanCase, Prediction> predict, ClanCase c)
    {
        Assert.True(c.Machines.Count > 0, "the clan generators always make a machine; without one there is nothing to copy");
        var copied = WithCopyOfFirstMachine(c);
        Assert.Empty(CaseValidator.Problems(copied));
        Dictionary<FieldKey, string> Calls(ClanCase x) => predict(x).Fields
            .Where(kv => kv.Key.IsPkgsForSystemCalls).ToDictionary(kv => kv.Key, kv => kv.Value.ToString()!);
        Assert.Equal(Calls(c), Calls(copied));
    }

    /// <summary>
    /// The case with its first machine declared once more under a name no machine has. A machines/
    /// directory is copied too: it is <c>machines/&lt;name&gt;/</c>, so the copy's is its own, and its
    /// module ids are labels only (they name no file and need not be unique across machines).
    /// </summary>
    internal static ClanCase WithCopyOfFirstMachine(ClanCase c)
    {
        var names = c.Machines.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var name = Enumerable.Range(1, names.Count + 1).Select(i => i == 1 ? "copy" : $"copy{i}").First(n => !names.Contains(n));
        return c with { Machines = [.. c.Machines, c.Machines[0] with { Name = name }] };
    }

    [Property]
    public void Every_machine_lands_in_exactly_one_configuration_set(ClanCase c)
    {
        var p = Oracle.Predict(c);
        if (p.Fields[FieldKey.Clan(ClanField.NixosConfigurations)] is not ValueOutcome nixos) return; // class conflict: an error everywhere
        var darwin = (ValueOutcome)p.Fields[FieldKey.Clan(ClanField.DarwinConfigurations)];
        var names = nixos.Expected!.AsArray().Concat(darwin.Expected!.AsArray()).Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(c.Machines.Select(m => m.Name).Order(StringComparer.Ordinal), names);
    }

    [Property]
    public void Generated_cases_are_valid_and_survive_a_json_round_trip(ClanCase c)
    {
        Assert.Empty(CaseValidator.Problems(c));
        Assert.True(CaseJson.Same(c, CaseJson.Deserialize(CaseJson.Serialize(c))));
    }

    /// <summary>
    /// Lists hold only items of definitions that survive mkIf: an item defined only under
    /// <c>mkIf false</c> never appears, and nothing is invented. A model that forgot to drop
    /// <c>mkIf false</c> definitions, or filtered priorities before conditions, fails this.
    /// </summary>
    [Property]
    public void Predicted_lists_hold_only_items_of_active_definitions(ClanCase c)
    {
        var definitions = c.Modules.Concat(c.Machines.Select(m => m.Directory?.Configuration).OfType<ModuleSpec>())
            .SelectMany(m => m.Definitions).OfType<ListDef>().ToList();
        var active = definitions.Where(d => d.IsActive).SelectMany(l => l.Items).ToHashSet();
        foreach (var (key, outcome) in Oracle.Predict(c).Fields.Where(kv => kv.Key.MachineField == MachineField.List))
        {
            if (outcome is not ValueOutcome { Expected: System.Text.Json.Nodes.JsonArray items }) continue;
            Assert.All(items, i => Assert.Contains(i!.GetValue<string>(), active));
        }
    }

    [Fact]
    public void The_same_seed_and_index_always_give_the_same_case()
    {
        Assert.True(CaseJson.Same(ClanArbitraries.Generate(7, 3), ClanArbitraries.Generate(7, 3)));
        Assert.False(CaseJson.Same(ClanArbitraries.Generate(7, 3), ClanArbitraries.Generate(7, 4)));
    }
}
