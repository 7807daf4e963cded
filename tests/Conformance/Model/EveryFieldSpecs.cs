using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Runner.Checking;
using Conformance.Tests.Examples;
using Conformance.Tests.Infrastructure;
using Xunit.Sdk;

namespace Conformance.Tests.ModelSpecs;

/// <summary>
/// The judgement the example and regression specs apply (<see cref="EveryField"/>), on observations
/// made by hand: a field that was not observed, or timed out, fails it although
/// <see cref="CaseVerdict.Conforms"/> still holds — the hole those specs had.
/// </summary>
public sealed class EveryFieldSpecs
{
    private static readonly ClanCase Case = ExampleCases.Dendritic;

    [Fact]
    public void A_case_observed_as_predicted_conforms_on_every_field_and_a_wrong_model_is_caught_on_each()
    {
        var result = Observed(Case, _ => { });
        EveryField.AssertConforms(result);
        EveryField.AssertAWrongModelIsCaught(result, Known(result));
    }

    [Fact]
    public void An_unobserved_field_fails_the_case_although_the_verdict_conforms()
    {
        var key = Oracle.Predict(Case).Keys.First(k => k.Scope == Scope.Stderr);
        var result = Observed(Case, o => o.Unobserved[key] = "the case's results could not be evaluated in one piece");
        Assert.True(result.Verdict.Conforms);
        var e = Assert.Throws<TrueException>(() => EveryField.AssertConforms(result));
        Assert.Contains($"{key}: not observed (the case's results could not be evaluated in one piece)", e.Message);
    }

    [Fact]
    public void A_timed_out_field_fails_the_case_as_an_infrastructure_fault()
    {
        var key = Oracle.Predict(Case).Keys.First(k => k.Scope == Scope.Configuration);
        var result = Observed(Case, o => o.Faults[key] = "timed out after 600 s");
        Assert.True(result.Verdict.Conforms);
        var e = Assert.Throws<TrueException>(() => EveryField.AssertConforms(result));
        Assert.Contains($"{key}: not observed, infrastructure fault (timed out after 600 s); rerun, this is no conformance result", e.Message);
    }

    [Fact]
    public void A_disagreeing_field_fails_the_case_naming_both_sides()
    {
        var key = Oracle.Predict(Case).Keys.First(k => k.Scope == Scope.Configuration);
        var result = Observed(Case, o => o.Fields[key] = new ObservedValue(System.Text.Json.Nodes.JsonValue.Create("something else")));
        var e = Assert.Throws<TrueException>(() => EveryField.AssertConforms(result));
        Assert.Contains($"{key}: expected ", e.Message);
        Assert.Contains("actual \"something else\"", e.Message);
    }

    private sealed record Edits(Dictionary<FieldKey, Observed> Fields, Dictionary<FieldKey, string> Unobserved, Dictionary<FieldKey, string> Faults);

    /// <summary>The case checked against an observation that is its prediction (what Nix does where a known deviation says so), edited by <paramref name="edit"/>.</summary>
    private static CaseResult Observed(ClanCase c, Action<Edits> edit)
    {
        var prediction = Oracle.Predict(c);
        var edits = new Edits(prediction.Fields.ToDictionary(kv => kv.Key, kv => Echo(kv.Value.Deviation?.Actual ?? kv.Value)), [], []);
        edit(edits);
        foreach (var key in edits.Unobserved.Keys.Concat(edits.Faults.Keys)) edits.Fields.Remove(key);
        var observation = new CaseObservation(c.Id, edits.Fields) { Unobserved = edits.Unobserved, Faults = edits.Faults };
        var known = prediction.Fields.Values.Select(o => o.Deviation?.Id).OfType<string>().ToHashSet();
        return new CaseResult(c, prediction, observation, Comparer.Compare(prediction, observation, known));
    }

    private static IReadOnlySet<string> Known(CaseResult r) => r.Expected.Fields.Values.Select(o => o.Deviation?.Id).OfType<string>().ToHashSet();

    private static Observed Echo(Outcome o) => o switch
    {
        ValueOutcome v => new ObservedValue(v.Expected?.DeepClone()),
        ErrorOutcome e => new ObservedError(e.Error.Kind, "error: " + e.Error.KeyText),
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };
}
