using Conformance.Model.Comparison;

namespace Conformance.Model.Causes;

/// <summary>A cause in plain words, for summaries and the console: what happens, where it shows, against what.</summary>
public static class CauseTitles
{
    /// <param name="key">The cause.</param>
    /// <param name="symptoms">Where it showed (scope, aspect, transition); empty when unknown.</param>
    /// <param name="expectation">What the expectation was: <c>the model</c>, or the base revision of a diff.</param>
    public static string Title(CauseKey key, IEnumerable<Symptom>? symptoms = null, string expectation = "the model")
    {
        var seen = (symptoms ?? []).ToList();
        switch (key)
        {
            case ErrorKey { Gone: false } e:
                return $"evaluation now fails with {e.Kind}: `{e.Message}`, where {expectation} " +
                       (seen.Count > 0 && seen.All(s => s.Transition.StartsWith("error:", StringComparison.Ordinal)) ? "fails otherwise" : "has values") +
                       Where(seen);
            case ErrorKey e:
                return $"no longer fails with {e.Kind}: `{e.Message}`, where {expectation} does" + Where(seen);
            case ChangeKey { Place: var place }:
                var where = Scope(place.Scope);
                var what = Aspects.Describe(place.Aspect);
                var gone = seen.Select(s => s.Transition).Where(t => t.StartsWith("deviation-gone:", StringComparison.Ordinal))
                    .Select(t => t["deviation-gone:".Length..]).Distinct().Order(StringComparer.Ordinal).ToList();
                var text = place.Transition switch
                {
                    ChangeKey.ValueToMissing => $"{where}, {what}: could not be read",
                    var t when t.StartsWith(ChangeKey.UnlistedDeviation, StringComparison.Ordinal) =>
                        $"{where}, {what} does what the model knows as deviation `{t[ChangeKey.UnlistedDeviation.Length..]}`, which known-deviations.json does not list",
                    _ => $"{where}, {what}: differ from {expectation}",
                };
                return gone.Count == 0 ? text
                    : text + "; " + string.Join("; ", gone.Select(id => $"{GonePhrase(id) ?? "does what clan-core documents"} (known deviation `{id}` is gone)"));
            default:
                return key.Text;
        }
    }

    /// <summary>The places a set of symptoms names, e.g. " (in nixosConfigurations/darwinConfigurations: nixpkgs, options; in the clanInternals.machines copies: nixpkgs)".</summary>
    private static string Where(IReadOnlyList<Symptom> symptoms)
    {
        if (symptoms.Count == 0) return "";
        var groups = symptoms.GroupBy(s => s.Scope).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{Scope(g.Key)}: {string.Join(", ", g.Select(s => Aspects.Name(s.Aspect)).Distinct().Order(StringComparer.Ordinal))}");
        return " (" + string.Join("; ", groups) + ")";
    }

    private static string Scope(string scope) => scope switch
    {
        "cfg" => "in nixosConfigurations/darwinConfigurations",
        "sys" => "in the clanInternals.machines copies",
        "svc" => "in the service evaluations (clan._services)",
        _ => "in the clan outputs",
    };

    /// <summary>What it means, in clan's terms, that a known deviation no longer shows.</summary>
    private static string? GonePhrase(string deviation) => deviation switch
    {
        DeviationIds.ConfigurationsIgnorePkgsForSystem => "pkgs now come from pkgsForSystem",
        DeviationIds.InternalsApplyOverlaysOnPkgsForSystem => "the machine's overlays are no longer applied on top of pkgsForSystem's instance",
        DeviationIds.InternalsIgnoreConfigOnFallback => "nixpkgs.config is respected again when pkgsForSystem returns null",
        _ => null,
    };
}
