using Conformance.Model.Observations;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// The <c>builtins.trace</c> messages rendered clans and batches print: the one definition shared
/// by the renderer (which writes them, in Nix through the <c>Nix…</c> members) and the stderr
/// reader (which parses them). Case ids are ASCII letters and digits, so a label cannot be
/// confused with another case's.
/// </summary>
public static class TraceLabels
{
    public const string Prefix = "clan-conformance:";

    private const string BeginPart = "begin:";
    private const string PhasePart = "phase:";

    /// <summary>Printed by the case's traced pkgsForSystem / perSystem clan.pkgs; the system follows.</summary>
    public static string PkgsForSystem(string caseId) => $"{Prefix}{caseId}:pkgsForSystem:";

    /// <summary>
    /// Printed right before the fields of one scope of a case are evaluated (<c>cfg</c>, then
    /// <c>clan</c>, then <c>sys</c>: the order in which Nix serialises the results' attribute names),
    /// so a pkgsForSystem call can be attributed to the configurations or to the clanInternals copies.
    /// </summary>
    public static string Phase(string caseId, string scopeLabel) => $"{Prefix}{PhasePart}{caseId}:{scopeLabel}";

    /// <summary>The scope labels of the phases, in evaluation order, and the scope each stands for.</summary>
    public static readonly IReadOnlyList<(string Label, Scope Scope)> Phases =
        [("cfg", Scope.Configuration), ("clan", Scope.Clan), ("sys", Scope.Internals)];

    /// <summary>Printed by the batch when it starts observing a case (later stderr lines belong to it), for a case id held in the Nix variable <paramref name="idVariable"/>.</summary>
    public static string NixBegin(string idVariable) => $"(\"{Prefix}{BeginPart}\" + {idVariable})";

    /// <summary>The Nix expression of <see cref="Phase"/> for a case id in <paramref name="idVariable"/>.</summary>
    public static string NixPhase(string idVariable, string scopeLabel) => $"(\"{Prefix}{PhasePart}\" + {idVariable} + \":{scopeLabel}\")";

    /// <summary>Whether a trace is one of the harness's own markers (begin or phase), which carry no observation.</summary>
    public static bool IsMarker(string trace) =>
        trace.StartsWith(Prefix + BeginPart, StringComparison.Ordinal) || trace.StartsWith(Prefix + PhasePart, StringComparison.Ordinal);

    /// <summary>The phase a trace starts for <paramref name="caseId"/>, if it is that case's phase marker.</summary>
    public static Scope? TryParsePhase(string trace, string caseId) =>
        Phases.Where(p => trace == Phase(caseId, p.Label)).Select(p => (Scope?)p.Scope).FirstOrDefault();
}
