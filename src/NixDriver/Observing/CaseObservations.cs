using System.Text.Json.Nodes;
using Conformance.Model.Observations;
using Conformance.NixDriver.Evaluation;
using Conformance.NixDriver.Rendering;

namespace Conformance.NixDriver.Observing;

/// <summary>
/// Assembles a case's observation from the fields read and the stderr of its results, the same way
/// for every observer (so that what they report means the same).
/// </summary>
public static class CaseObservations
{
    /// <param name="request">The case and the fields asked for.</param>
    /// <param name="fields">Evaluated fields as read.</param>
    /// <param name="faults">Fields the infrastructure kept from being observed, with the reason.</param>
    /// <param name="stderr">
    /// Everything the evaluation of the case's results printed, in order; null when the case could
    /// not be evaluated in one piece (then the stderr-derived fields are unobserved).
    /// </param>
    public static CaseObservation Assemble(ObservationRequest request, IReadOnlyDictionary<FieldKey, Observed> fields,
        IReadOnlyDictionary<FieldKey, string> faults, IReadOnlyList<StderrEntry>? stderr)
    {
        var c = request.Case;
        var all = new Dictionary<FieldKey, Observed>(fields);
        // A source Nix could not fetch is the environment's fault, never a result about clan-core.
        var fetchFaults = all.Where(kv => kv.Value is ObservedError { Kind: Model.Errors.ErrorKind.FetchFailed }).ToList();
        if (fetchFaults.Count > 0)
        {
            var withFetch = new Dictionary<FieldKey, string>(faults);
            foreach (var (key, value) in fetchFaults)
            {
                all.Remove(key);
                withFetch[key] = "a source could not be fetched (no network, and not in the inputs map): " + ((ObservedError)value).Message.Split('\n')[0];
            }
            faults = withFetch;
        }
        var unobserved = new Dictionary<FieldKey, string>();
        var notes = new List<string>();
        var stderrKeys = request.Fields.Where(k => k.Scope == Scope.Stderr).ToList();
        if (stderr is null)
        {
            foreach (var key in stderrKeys)
                unobserved[key] = "the case's results could not be evaluated in one piece, so its traces and warnings are incomplete";
            return new CaseObservation(c.Id, all) { Unobserved = unobserved, Faults = new Dictionary<FieldKey, string>(faults) };
        }

        // pkgsForSystem traces are counted per phase: the batch prints a phase marker before each
        // scope's fields (cfg, clan, sys, in the order Nix serialises them).
        var pkgsPrefix = TraceLabels.PkgsForSystem(c.Id);
        var calls = new Dictionary<(Scope, string), int>();
        Scope? phase = null;
        foreach (var entry in stderr)
        {
            if (entry.Kind == StderrEntryKind.Trace && TraceLabels.TryParsePhase(entry.Text, c.Id) is { } started) { phase = started; continue; }
            if (entry.Kind == StderrEntryKind.Trace && entry.Text.StartsWith(pkgsPrefix, StringComparison.Ordinal))
            {
                var system = entry.Text[pkgsPrefix.Length..];
                if (phase is Scope.Configuration or Scope.Internals) calls[(phase.Value, system)] = calls.GetValueOrDefault((phase.Value, system)) + 1;
                else notes.Add($"trace: pkgsForSystem ran for {system} outside the configuration and internals phases");
                continue;
            }
            if (IsServiceWarning(entry) || IsRoleSettingsWarning(entry) || CoreWarning(entry) is not null || IsMetaWarning(entry)
                || entry.Kind == StderrEntryKind.Trace && TraceLabels.IsMarker(entry.Text)) continue;
            notes.Add($"{entry.Kind.ToString().ToLowerInvariant()}: {entry.Text}");
        }
        foreach (var key in stderrKeys.Where(k => k.IsPkgsForSystemCalls))
            all[key] = new ObservedValue(JsonValue.Create(calls.GetValueOrDefault((key.Phase!.Value, key.System!))));
        if (stderrKeys.Contains(FieldKey.Warnings()))
            all[FieldKey.Warnings()] = new ObservedValue(Model.Outcomes.JsonValues.Strings(Warnings(stderr)));
        if (stderrKeys.Contains(FieldKey.ServiceWarnings()))
            all[FieldKey.ServiceWarnings()] = new ObservedValue(Model.Outcomes.JsonValues.Strings(ServiceWarnings(stderr)));
        if (stderrKeys.Contains(FieldKey.CoreWarnings()))
            all[FieldKey.CoreWarnings()] = new ObservedValue(Model.Outcomes.JsonValues.Strings(CoreWarnings(stderr)));
        if (stderrKeys.Contains(FieldKey.MetaWarnings()))
            all[FieldKey.MetaWarnings()] = new ObservedValue(Model.Outcomes.JsonValues.Strings(MetaWarnings(stderr)));
        return new CaseObservation(c.Id, all) { Unobserved = unobserved, Faults = new Dictionary<FieldKey, string>(faults), Notes = notes.Distinct().ToList() };
    }

    /// <summary>The first lines of the role-tag warnings among <paramref name="entries"/> (sorted, distinct), as <see cref="StderrFields.Warnings"/> holds them.</summary>
    public static IReadOnlyList<string> Warnings(IEnumerable<StderrEntry> entries) =>
        entries.Where(IsServiceWarning).Select(e => e.Text.Split('\n')[0].Trim()).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The distinct service deprecation warnings among <paramref name="entries"/>, as <see cref="StderrFields.ServiceWarnings"/> holds them.</summary>
    public static IReadOnlyList<string> ServiceWarnings(IEnumerable<StderrEntry> entries) =>
        entries.Any(IsRoleSettingsWarning) ? [StderrFields.RoleSettingsWarning] : [];

    /// <summary>The clan-core attributes that deprecation warnings among <paramref name="entries"/> name, as <see cref="StderrFields.CoreWarnings"/> holds them.</summary>
    public static IReadOnlyList<string> CoreWarnings(IEnumerable<StderrEntry> entries) =>
        entries.Select(CoreWarning).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The meta deprecation warnings among <paramref name="entries"/>, as <see cref="StderrFields.MetaWarnings"/> holds them.</summary>
    public static IReadOnlyList<string> MetaWarnings(IEnumerable<StderrEntry> entries) =>
        entries.Any(IsMetaWarning) ? [StderrFields.TldWarning] : [];

    private static bool IsMetaWarning(StderrEntry e) =>
        e.Kind == StderrEntryKind.Warning && e.Text.Contains(StderrFields.TldWarning, StringComparison.Ordinal);

    private static string? CoreWarning(StderrEntry e) =>
        e.Kind == StderrEntryKind.Warning ? StderrFields.CoreWarningAttribute(e.Text.TrimStart()) : null;

    private static bool IsRoleSettingsWarning(StderrEntry e) =>
        e.Kind == StderrEntryKind.Warning && e.Text.Contains(StderrFields.RoleSettingsWarning, StringComparison.Ordinal);

    private static bool IsServiceWarning(StderrEntry e) =>
        e.Kind == StderrEntryKind.Warning && e.Text.StartsWith(StderrFields.ServiceWarningPrefix, StringComparison.Ordinal);
}
