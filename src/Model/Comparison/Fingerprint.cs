using System.Security.Cryptography;
using System.Text;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Comparison;

/// <summary>
/// Identifies the cause of a disagreement independently of names: which field kinds disagree and
/// how (expected value vs error kind, actual value vs error kind). Same cause → same fingerprint,
/// so failures are deduplicated within and across runs, and shrinking keeps to one cause.
/// </summary>
public static class Fingerprint
{
    public static string Of(CaseVerdict verdict) => Of(verdict.Fields.Where(f => f.Counts));

    public static string Of(IEnumerable<FieldComparison> disagreements)
    {
        var tokens = Tokens(disagreements);
        if (tokens.Count == 0) return "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", tokens)));
        return Convert.ToHexString(hash)[..12].ToLowerInvariant();
    }

    /// <summary>The human-readable parts, e.g. <c>cfg/List: value→value</c>.</summary>
    public static IReadOnlyList<string> Tokens(CaseVerdict verdict) => Tokens(verdict.Fields.Where(f => f.Counts));

    /// <summary>The tokens of the given disagreements (what <see cref="Of(IEnumerable{FieldComparison})"/> hashes).</summary>
    public static IReadOnlyList<string> Tokens(IEnumerable<FieldComparison> disagreements) =>
        disagreements.Select(Token).Distinct().Order(StringComparer.Ordinal).ToList();

    private static string Token(FieldComparison f)
    {
        var scope = f.Key.Scope switch { Scope.Configuration => "cfg", Scope.Internals => "sys", Scope.Clan => "clan", Scope.Service => "svc", Scope.Cost => "cost", _ => "stderr" };
        var expected = f.Expected switch { ErrorOutcome e => "error:" + e.Error.Kind, _ => "value" };
        var actual = f.Actual switch { ObservedError e => "error:" + e.Kind, null => "missing", _ => "value" };
        var disappeared = f.DeviationDisappeared is null ? "" : " deviation-gone:" + f.DeviationDisappeared;
        return $"{scope}/{f.Key.Field}: {expected}→{actual}{disappeared}";
    }
}
