using Conformance.Model.Errors;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Comparison;

/// <summary>
/// A second kind of expectation for the same observations: what another revision observed. The
/// baseline's observation becomes a <see cref="Prediction"/> (a value, or an error's kind and
/// normalised first line), so comparing two revisions goes through the same <see cref="Comparer"/>,
/// cause keys, shrinking and reports as comparing with the model.
/// </summary>
public static class Baseline
{
    /// <param name="baseline">What the base revision observed.</param>
    /// <param name="label">Names the base in rules and reports, e.g. <c>clan-core 8513da8c4</c>.</param>
    public static Prediction Of(CaseObservation baseline, string label)
    {
        var fields = new SortedDictionary<FieldKey, Outcome>();
        foreach (var (key, observed) in baseline.Fields)
        {
            if (baseline.Unobserved.ContainsKey(key) || baseline.Faults.ContainsKey(key)) continue;
            fields[key] = observed switch
            {
                // In the model's vocabulary, as the comparer reads the other side (assertion messages → ids).
                ObservedValue v => Outcome.Value(Comparer.Normalise(key, v.Value?.DeepClone()), $"what {label} evaluates to"),
                ObservedError e => Outcome.Fails(new ExpectedError(e.Kind, ErrorText.Headline(e.Message), $"what {label} fails with")),
                _ => throw new ArgumentOutOfRangeException(nameof(baseline)),
            };
        }
        return new Prediction(baseline.CaseId, fields);
    }
}
