using Conformance.Model.Observations;

namespace Conformance.Model.Outcomes;

/// <summary>The oracle's answer for a case: one outcome per observed field, in key order.</summary>
public sealed record Prediction(string CaseId, IReadOnlyDictionary<FieldKey, Outcome> Fields)
{
    public IEnumerable<FieldKey> Keys => Fields.Keys.Order();
}
