using Conformance.Model.Cases;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Observing;

namespace Conformance.Runner.Checking;

/// <summary>
/// Requests with the model's hints: fields predicted to fail in a way tryEval cannot catch are read
/// on their own, so they do not break their case's results. Only a speed-up — a wrong hint costs a
/// process, never a different observation — so comparisons of two revisions use it too.
/// </summary>
internal static class ObservationHints
{
    public static ObservationRequest Request(ClanCase clanCase, Prediction? prediction = null)
    {
        var predicted = prediction ?? Oracle.Predict(clanCase);
        return new ObservationRequest(clanCase)
        {
            ReadAlone = predicted.Fields.Where(kv => kv.Value is ErrorOutcome { Error.IsCatchable: false } || kv.Value.BreaksTryEval).Select(kv => kv.Key).ToHashSet(),
            ReadEagerly = predicted.Fields.Where(kv => kv.Value is ErrorOutcome { Error.IsCatchable: true }).Select(kv => kv.Key).ToHashSet(),
        };
    }

    /// <summary>The evaluated fields of a case that the harness reads in one piece (all but the ones read alone).</summary>
    public static IReadOnlyCollection<Model.Observations.FieldKey> Tried(ClanCase clanCase)
    {
        var request = Request(clanCase);
        return Model.Observations.ObservationPlan.Evaluated(clanCase).Where(k => !request.ReadAlone.Contains(k)).ToList();
    }
}
