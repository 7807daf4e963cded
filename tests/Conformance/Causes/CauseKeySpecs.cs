using System.Text.Json.Nodes;
using Conformance.Generators;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Runner.Campaigns;
using Outcome = Conformance.Model.Outcomes.Outcome;
using FsCheck.Xunit;

namespace Conformance.Tests.Causes;

/// <summary>
/// Cause keys: derived from what changed (scope, aspect, transition), never from machine names or
/// from which fields a case happened to touch — so two seeds give the same keys for one upstream change.
/// </summary>
public sealed class CauseKeySpecs
{
    private static FieldComparison Differs(FieldKey key, Outcome expected, Observed actual) => new(key, expected, actual, false);

    private static Outcome Value(string v) => Outcome.Value(JsonValue.Create(v), "test");

    private static ObservedValue Seen(string v) => new(JsonValue.Create(v));

    private static ObservedError Failed(ErrorKind kind) => new(kind, "attribute 'aarch64-linux' missing\nat /nix/store/0123456789abcdefghijklmnopqrstuv-source/modules/clan/module.nix:12:3:");

    private static CaseVerdict Verdict(params FieldComparison[] fields) => new("c1", fields);

    [Fact]
    public void A_key_names_scope_aspect_and_transition_and_round_trips()
    {
        var key = new CauseKey("cfg", Aspect.Nixpkgs, "value->error:NotUnique");
        Assert.Equal("cfg/nixpkgs:value->error:NotUnique", key.Text);
        Assert.Equal(key, CauseKey.Parse(key.Text));
        Assert.False(CauseKey.TryParse("0123456789ab", out _));
        Assert.Throws<FormatException>(() => CauseKey.Parse("cfg/nothing:value->value"));
    }

    [Fact]
    public void The_same_change_on_differently_named_machines_is_one_cause()
    {
        var a = Verdict(Differs(FieldKey.Configuration("alpha", MachineField.Trail), Value("x"), Seen("y")));
        var b = Verdict(Differs(FieldKey.Configuration("a b", MachineField.PkgsConfig), Value("x"), Seen("z")),
            Differs(FieldKey.Configuration("db", MachineField.Trail), Value("x"), Seen("z")));
        Assert.Equal(CauseKeys.Of(a), CauseKeys.Of(b));
        Assert.Equal("cfg/nixpkgs:value->value", Assert.Single(CauseKeys.Of(a)).Text);
    }

    [Fact]
    public void A_deviation_gone_dominates_other_transitions_of_its_aspect()
    {
        var gone = Differs(FieldKey.Configuration("m", MachineField.PkgsConfig), Value("doc"), Seen("doc")) with { DeviationDisappeared = DeviationIds.ConfigurationsIgnorePkgsForSystem };
        var keys = CauseKeys.Of(Verdict(gone, Differs(FieldKey.Configuration("m", MachineField.Trail), Value("x"), Seen("y"))));
        Assert.Equal("cfg/nixpkgs:deviation-gone:configurations-ignore-pkgsForSystem", Assert.Single(keys).Text);
    }

    [Fact]
    public void A_machine_failing_as_a_whole_is_keyed_like_a_machine_whose_pkgs_fail()
    {
        // NixOS: every field fails once pkgs cannot be built; nix-darwin: only the pkgs fields.
        var nixos = Verdict(
            Differs(FieldKey.Configuration("n", MachineField.HostName), Value("n"), Failed(ErrorKind.AttributeMissing)),
            Differs(FieldKey.Configuration("n", MachineField.Scalar), Value("a"), Failed(ErrorKind.AttributeMissing)),
            Differs(FieldKey.Configuration("n", MachineField.Trail), Value("t"), Failed(ErrorKind.AttributeMissing)));
        var darwin = Verdict(
            new FieldComparison(FieldKey.Configuration("d", MachineField.HostName), Value("d"), Seen("d"), true),
            Differs(FieldKey.Configuration("d", MachineField.Trail), Value("t"), Failed(ErrorKind.AttributeMissing)));
        Assert.Equal(CauseKeys.Of(nixos), CauseKeys.Of(darwin));
        Assert.Equal("cfg/nixpkgs:value->error:AttributeMissing", Assert.Single(CauseKeys.Of(nixos)).Text);
    }

    [Fact]
    public void A_machine_that_failed_as_a_whole_and_now_evaluates_is_one_cause_too()
    {
        static Outcome Fails() => Outcome.Fails(new ExpectedError(ErrorKind.AttributeMissing, "attribute 'x' missing", "t"));
        var recovered = Verdict(
            Differs(FieldKey.Configuration("n", MachineField.HostName), Fails(), Seen("n")),
            Differs(FieldKey.Configuration("n", MachineField.SpecialArgs), Fails(), Seen("{}")),
            Differs(FieldKey.Configuration("n", MachineField.Roles), Fails(), Seen("[]")),
            Differs(FieldKey.Configuration("n", MachineField.Trail), Fails(), Seen("t")));
        Assert.Equal("cfg/nixpkgs:error:AttributeMissing->value", Assert.Single(CauseKeys.Of(recovered)).Text);
    }

    [Fact]
    public void A_clan_that_no_longer_evaluates_at_all_is_one_cause()
    {
        ObservedError Broken() => new(ErrorKind.Other, "function 'anonymous lambda' called without required argument 'clanLib'\nat /nix/store/0123456789abcdefghijklmnopqrstuv-source/flakeModules/clan.nix:1:1:");
        var broken = Verdict(
            Differs(FieldKey.Clan(ClanField.Inventory), Value("{}"), Broken()),
            Differs(FieldKey.Configuration("a", MachineField.HostName), Value("a"), Broken()),
            Differs(FieldKey.Configuration("b", MachineField.Trail), Outcome.Fails(new ExpectedError(ErrorKind.Throw, "no platform", "t")), Broken()),
            Differs(FieldKey.Internals(Systems.X86_64Linux, "a", MachineField.Trail), Value("t"), Broken()));
        var key = Assert.Single(CauseKeys.Of(broken));
        Assert.Equal("clan/evaluation:value->error:Other", key.Text);
        Assert.StartsWith("the clan does not evaluate at all", CauseTitles.Title(key));
        // One field that still evaluates: not a clan-wide failure.
        Assert.NotEqual(Aspect.Evaluation, CauseKeys.Of(Verdict([.. broken.Fields, new FieldComparison(FieldKey.Configuration("c", MachineField.HostName), Value("c"), Seen("c"), true)])).First().Aspect);
    }

    [Fact]
    public void A_pkgsForSystem_call_that_moved_from_the_copies_to_the_configurations_is_one_cause()
    {
        var moved = Verdict(
            Differs(FieldKey.PkgsForSystemCalls(Scope.Configuration, Systems.X86_64Linux), Outcome.Value(JsonValue.Create(0), "t"), new ObservedValue(JsonValue.Create(1))),
            Differs(FieldKey.PkgsForSystemCalls(Scope.Internals, Systems.X86_64Linux), Outcome.Value(JsonValue.Create(1), "t"), new ObservedValue(JsonValue.Create(0))));
        Assert.Equal("cfg/nixpkgs:value->value", Assert.Single(CauseKeys.Of(moved)).Text);
        // Alone, a change of the copies' count is a cause of its own.
        var internals = Verdict(moved.Fields[1]);
        Assert.Equal("sys/nixpkgs:value->value", Assert.Single(CauseKeys.Of(internals)).Text);
    }

    [Theory]
    [InlineData("value", "error:NotUnique", "value->error:NotUnique")]
    [InlineData("error:NotUnique", "value", "error:NotUnique->value")]
    [InlineData("error:NotUnique", "error:ConflictingDefinitions", "error:NotUnique->error:ConflictingDefinitions")]
    [InlineData("value", "value", "value->value")]
    public void Transitions_name_what_each_side_was(string from, string to, string expected)
    {
        Outcome expectation = from == "value" ? Value("a") : Outcome.Fails(new ExpectedError(Enum.Parse<ErrorKind>(from[6..]), "x", "t"));
        Observed actual = to == "value" ? Seen("b") : new ObservedError(Enum.Parse<ErrorKind>(to[6..]), "y");
        Assert.Equal(expected, CauseKeys.Transition(Differs(FieldKey.Configuration("m", MachineField.Scalar), expectation, actual)));
    }

    [Fact]
    public void Titles_say_where_what_and_how_in_plain_words()
    {
        Assert.Equal("in nixosConfigurations/darwinConfigurations, pkgs now come from pkgsForSystem: the documented behaviour, known deviation `configurations-ignore-pkgsForSystem` is gone",
            CauseTitles.Title(CauseKey.Parse("cfg/nixpkgs:deviation-gone:configurations-ignore-pkgsForSystem")));
        Assert.Contains("now fail with NotUnique where clan-core abc has values", CauseTitles.Title(CauseKey.Parse("sys/nixpkgs:value->error:NotUnique"), "clan-core abc"));
    }

    /// <summary>
    /// Stability across case shapes: renaming every machine of a failing case (a different seed
    /// would name them differently) never changes its causes.
    /// </summary>
    [Property(MaxTest = 100, Arbitrary = [typeof(ModelSpecs.HarnessArbitraries)])]
    public void Renaming_machines_never_changes_the_causes(ClanCase c)
    {
        // A deliberately wrong expectation gives every case disagreements to key.
        var prediction = Oracle.Predict(c);
        var observation = new CaseObservation(c.Id, prediction.Fields.ToDictionary(kv => kv.Key, kv => (Observed)(kv.Value is ValueOutcome v
            ? new ObservedValue(v.Expected is JsonValue ? JsonValue.Create("changed") : v.Expected?.DeepClone())
            : new ObservedValue(JsonValue.Create("now a value")))));
        var keys = CauseKeys.Of(Comparer.Compare(prediction, observation));
        var renamed = Rename(observation, prediction);
        Assert.Equal(keys, CauseKeys.Of(Comparer.Compare(renamed.Prediction, renamed.Observation)));
    }

    private static (Prediction Prediction, CaseObservation Observation) Rename(CaseObservation o, Prediction p)
    {
        static FieldKey R(FieldKey k) => k.Machine is null ? k : k with { Machine = "renamed-" + k.Machine };
        return (p with { Fields = p.Fields.ToDictionary(kv => R(kv.Key), kv => kv.Value) },
            o with { Fields = o.Fields.ToDictionary(kv => R(kv.Key), kv => kv.Value) });
    }
}
