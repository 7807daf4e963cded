using System.Text.Json.Nodes;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Tests.Causes;

/// <summary>A base revision's observation as the expectation (diff, bisect): the same comparer, no model.</summary>
public sealed class BaselineSpecs
{
    private static readonly FieldKey Assertions = FieldKey.Configuration("m", MachineField.NixpkgsAssertions);
    private static readonly FieldKey HostName = FieldKey.Configuration("m", MachineField.HostName);

    private static CaseObservation Observation(params (FieldKey Key, Observed Value)[] fields) =>
        new("c1", fields.ToDictionary(f => f.Key, f => f.Value));

    [Fact]
    public void An_observation_compared_with_itself_agrees_on_every_field()
    {
        // Assertion messages are read as ids on the observed side; the baseline must speak the same vocabulary.
        var o = Observation(
            (Assertions, new ObservedValue(JsonValues.Strings(["Your system configures nixpkgs with an externally created instance."]))),
            (HostName, new ObservedError(ErrorKind.ConflictingDefinitions, "The option `networking.hostName' has conflicting definition values:\n- In `/nix/store/0123456789abcdefghijklmnopqrstuv-source/a.nix': \"x\"")));
        var verdict = Comparer.Compare(Baseline.Of(o, "base"), o);
        Assert.True(verdict.Conforms, string.Join("; ", verdict.Disagreements.Select(d => d.Key + ": " + d.Expected + " vs " + d.Actual)));
        Assert.Equal(2, verdict.Fields.Count);
    }

    [Fact]
    public void The_same_error_at_another_store_path_and_line_is_the_same_error()
    {
        var a = Observation((HostName, new ObservedError(ErrorKind.AttributeMissing, "attribute 'x' missing\nat /nix/store/0123456789abcdefghijklmnopqrstuv-source/modules/clan/module.nix:12:3:")));
        var b = Observation((HostName, new ObservedError(ErrorKind.AttributeMissing, "attribute 'x' missing\nat /nix/store/vutsrqponmlkjihgfedcba9876543210-source/modules/clan/module.nix:40:7:")));
        Assert.True(Comparer.Compare(Baseline.Of(a, "base"), b).Conforms);
    }

    [Fact]
    public void A_different_value_or_error_kind_disagrees()
    {
        var a = Observation((HostName, new ObservedValue(JsonValue.Create("web"))));
        Assert.False(Comparer.Compare(Baseline.Of(a, "base"), Observation((HostName, new ObservedValue(JsonValue.Create("db"))))).Conforms);
        Assert.False(Comparer.Compare(Baseline.Of(a, "base"), Observation((HostName, new ObservedError(ErrorKind.TypeMismatch, "no")))).Conforms);
    }

    [Fact]
    public void Fields_the_base_could_not_observe_are_not_expectations()
    {
        var a = Observation((HostName, new ObservedValue(JsonValue.Create("web")))) with
        {
            Unobserved = new Dictionary<FieldKey, string> { [HostName] = "split" },
        };
        Assert.Empty(Baseline.Of(a, "base").Fields);
    }

    [Fact]
    public void Error_text_loses_store_hashes_and_positions()
    {
        Assert.Equal("at /nix/store/…-source/modules/clan/module.nix",
            ErrorText.Normalise("at /nix/store/0123456789abcdefghijklmnopqrstuv-source/modules/clan/module.nix:246:20"));
        Assert.Equal("attribute 'x' missing", ErrorText.Headline("attribute 'x' missing\nat somewhere"));
    }
}
