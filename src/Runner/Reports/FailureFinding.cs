using System.Text.RegularExpressions;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Observations;
using Conformance.Runner.Corpus;

namespace Conformance.Runner.Reports;

/// <summary>
/// A saved failure in the words of a filed report: which output of which machine, what the
/// revision prints and what was expected instead, and why — the parent revision's value for a
/// diff, the documentation's side of a known deviation, or the rule the expectation follows. The
/// result is a <see cref="Finding"/>, so the filed-ready report is rendered and its output captured
/// exactly as a finding's is.
/// </summary>
internal static partial class FailureFinding
{
    public static Finding From(FailureMeta meta, IReadOnlyList<FieldRecord> fields, ClanCase clanCase, IReadOnlyList<KnownDeviation> deviations)
    {
        var field = Reported(fields) ?? throw new Cli.UsageException(WhyNone(meta.Fingerprint));
        var key = FieldKey.Parse(field.Key);
        var where = Where(key, clanCase);
        var head = meta.Versions.ClanCoreRevision;
        var at = head is null ? "the pinned clan-core" : $"clan-core `{head.Hash[..9]}` ({head.Date:yyyy-MM-dd}, {head.Subject})";
        var actual = field.Actual?.ToString() ?? "nothing";
        var happens = $"At {at}, {where} is `{actual}`" + (meta.FirstBadCommit is { } bad ? $" since commit `{bad.Hash[..9]}` ({bad.Subject})." : ".");
        string expected, title;
        if (meta.BaseVersions is { } baseVersions)
        {
            var parent = baseVersions.ClanCoreRevision is { } b ? $"`{b.Hash[..9]}` ({b.Date:yyyy-MM-dd})" : "the previous revision";
            expected = $"At {parent} the same evaluation gives `{field.Expected}`, and nothing announces the change, so it is expected to still do so.";
            title = $"{Capitalise(where)} changed{(head is null ? "" : $" in {head.Hash[..9]}")}";
        }
        else
        {
            var deviation = field.Expected.Deviation is { } id ? deviations.FirstOrDefault(d => d.Id == id) : null;
            expected = deviation is not null
                ? $"The documentation says otherwise — {deviation.Documented} — so `{field.Expected}` is expected."
                : $"Expected `{field.Expected}`: {field.Expected.Rule}.";
            title = $"{Capitalise(where)} is not as documented";
        }
        return new Finding(0, meta.Fingerprint, title, happens, expected,
            "to assess: found by a generated case" + (meta.Shrunk ? $" and minimised to {meta.MinimalMachines} machine(s)" : ""),
            Claim: null, Fix: null, FindingClass.Bug, key, field.Expected.ErrorKind is null ? field.Expected.Value?.DeepClone() : null, clanCase)
        {
            IntroducedBy = History.FailureHistory.IntroducingCommit(meta),
        };
    }

    /// <summary>
    /// The field a filed-ready report shows: the first evaluated one (<see cref="FieldKey.IsEvaluated"/>:
    /// a value one <c>nix eval</c> prints, not stderr and not a cost counter); null when there is none.
    /// </summary>
    public static FieldRecord? Reported(IReadOnlyList<FieldRecord> fields) => fields.FirstOrDefault(f => FieldKey.Parse(f.Key).IsEvaluated);

    /// <summary>Why a failure without an evaluated field has no filed-ready report.</summary>
    public static string WhyNone(string fingerprint) =>
        $"failure {fingerprint} differs only in what Nix prints on stderr or in what the evaluation costs; a filed-ready report shows one evaluated value (use its report.md).";

    /// <summary>The evaluated output a field reads, in clan-core's terms.</summary>
    private static string Where(FieldKey key, ClanCase clanCase) => key.Scope switch
    {
        Scope.Configuration => $"{Words(key)} of machine `{key.Machine}`'s configuration",
        Scope.Internals => $"{Words(key)} of `clanInternals.machines.{key.System}.{key.Machine}`",
        Scope.Clan => $"the flake's {Words(key)}",
        _ => $"{Words(key)} of the service evaluation" + (key.Service is { } s ? $" `{s}`" : ""),
    };

    // The field's own words (its descriptor); camel case split for the rest (stderr, cost).
    private static string Words(FieldKey key) =>
        key.Descriptor?.Words ?? CamelWords().Replace(key.Field, " $1").Trim().ToLowerInvariant();

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex("([A-Z])")]
    private static partial Regex CamelWords();
}
