using Conformance.Model.Comparison;
using Conformance.Runner.Checking;
using Conformance.Tests.ModelSpecs;
using Xunit.Sdk;

namespace Conformance.Tests.Infrastructure;

/// <summary>
/// What the example and regression specs assert of a checked case: it conforms on every field the
/// model predicts. <see cref="CaseVerdict.Conforms"/> alone is not enough: it judges only the fields
/// that were observed, so a field left unobserved (stderr of a case evaluated in pieces) or kept
/// from observation by a timeout would pass silently.
/// </summary>
internal static class EveryField
{
    /// <summary>Fails naming each field that disagrees, was not observed, or was kept from observation by an infrastructure fault.</summary>
    public static void AssertConforms(CaseResult result)
    {
        var problems = Problems(result.Expected.Fields.Keys, result.Verdict);
        Assert.True(problems.Count == 0, $"{result.Case.Id}: {problems.Count} field(s) not shown to conform:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Why each of <paramref name="predicted"/> is not shown to conform by <paramref name="verdict"/> (empty: every one is).</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<Model.Observations.FieldKey> predicted, CaseVerdict verdict)
    {
        var judged = verdict.Fields.ToDictionary(f => f.Key);
        var problems = new List<string>();
        foreach (var key in predicted.Order())
        {
            if (verdict.Faults.TryGetValue(key, out var fault))
                problems.Add($"{key}: not observed, infrastructure fault ({fault}); rerun, this is no conformance result");
            else if (verdict.Unobserved.TryGetValue(key, out var reason))
                problems.Add($"{key}: not observed ({reason})");
            else if (!judged.TryGetValue(key, out var field))
                problems.Add($"{key}: predicted but never compared");
            else if (field.Counts)
                problems.Add($"{key}: expected {field.Expected}, actual {field.Actual?.ToString() ?? "<none>"}" +
                             (field.DeviationDisappeared is { } gone ? $" (known deviation {gone} is gone upstream: remove it from known-deviations.json)" : ""));
        }
        return problems;
    }

    /// <summary>
    /// The same observation against a model contradicting every field (<see cref="WrongModels.Contradicting"/>)
    /// fails <see cref="AssertConforms"/> on every predicted field: proof, for this very case, that
    /// each field is compared and a wrong model is caught. Costs no evaluation.
    /// </summary>
    public static void AssertAWrongModelIsCaught(CaseResult result, IReadOnlySet<string> knownDeviations)
    {
        var planted = Comparer.Compare(WrongModels.Contradicting(result.Expected), result.Observation, knownDeviations);
        var problems = Problems(result.Expected.Fields.Keys, planted);
        Assert.True(problems.Count == result.Expected.Fields.Count,
            $"{result.Case.Id}: a model contradicting all {result.Expected.Fields.Count} fields is caught on only {problems.Count}");
        Assert.Throws<TrueException>(() => AssertConforms(result with { Verdict = planted }));
    }
}
