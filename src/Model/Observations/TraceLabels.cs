namespace Conformance.Model.Observations;

/// <summary>
/// The <c>builtins.trace</c> messages rendered clans print, shared by the renderer (which writes
/// them) and the stderr reader (which counts them). Case ids are ASCII letters and digits, so a
/// label cannot be confused with another case's.
/// </summary>
public static class TraceLabels
{
    public const string Prefix = "clan-conformance:";

    /// <summary>Printed by the case's traced pkgsForSystem / perSystem clan.pkgs; the system follows.</summary>
    public static string PkgsForSystem(string caseId) => $"{Prefix}{caseId}:pkgsForSystem:";

    /// <summary>Printed by the batch harness when it starts observing a case: later stderr lines belong to it.</summary>
    public static string Begin(string caseId) => $"{Prefix}begin:{caseId}";

    public static bool TryParseBegin(string trace, out string caseId)
    {
        const string begin = Prefix + "begin:";
        caseId = trace.StartsWith(begin, StringComparison.Ordinal) ? trace[begin.Length..] : "";
        return caseId.Length > 0;
    }
}
