using System.Text.Json.Nodes;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Comparison;

/// <summary>
/// Compares a prediction with an observation, field by field (nix-unit's three outcomes: a value
/// must equal the expected one in canonical form; an error must have the expected kind and
/// contain the key text; a missing observation is a disagreement).
/// </summary>
public static class Comparer
{
    /// <param name="knownDeviations">Ids listed in known-deviations.json; a deviation not listed there is a failure.</param>
    public static CaseVerdict Compare(Prediction prediction, CaseObservation observation, IReadOnlySet<string>? knownDeviations = null)
    {
        var fields = new List<FieldComparison>();
        foreach (var key in prediction.Keys)
        {
            if (observation.Unobserved.ContainsKey(key) || observation.Faults.ContainsKey(key)) continue;
            var expected = prediction.Fields[key];
            observation.Fields.TryGetValue(key, out var actual);
            if (Agrees(key, expected, actual))
            {
                fields.Add(new FieldComparison(key, expected, actual, true) { DeviationDisappeared = expected.Deviation?.Id });
                continue;
            }
            if (expected.Deviation is { } deviation && Agrees(key, deviation.Actual, actual))
            {
                var listed = knownDeviations?.Contains(deviation.Id) == true;
                fields.Add(new FieldComparison(key, expected, actual, false)
                {
                    KnownDeviation = listed ? deviation.Id : null,
                    UnlistedDeviation = listed ? null : deviation.Id,
                });
                continue;
            }
            fields.Add(new FieldComparison(key, expected, actual, false));
        }
        return new CaseVerdict(prediction.CaseId, fields) { Unobserved = observation.Unobserved, Faults = observation.Faults };
    }

    public static bool Agrees(FieldKey key, Outcome expected, Observed? actual) => (expected, actual) switch
    {
        // Cost counters: the same cost within the significance threshold (CostFields.Same), not byte-equal JSON.
        (ValueOutcome { Expected: JsonValue e }, ObservedValue { Value: JsonValue a }) when key.Counter is { } counter
            && CostFields.TryCount(e, out var el) && CostFields.TryCount(a, out var al) => CostFields.Same(counter, el, al),
        (ValueOutcome v, ObservedValue o) => Canonical.Equal(key, v.Expected, Normalise(key, o.Value)),
        (ErrorOutcome e, ObservedError o) => o.Kind == e.Error.Kind
            && (o.Message.Contains(e.Error.KeyText, StringComparison.Ordinal) || ErrorText.Normalise(o.Message).Contains(e.Error.KeyText, StringComparison.Ordinal)),
        _ => false,
    };

    /// <summary>Observed values in the model's vocabulary (assertion messages → ids).</summary>
    public static JsonNode? Normalise(FieldKey key, JsonNode? value) =>
        key.MachineField?.Normalise is { } normalise ? normalise(value) : value;
}
