using System.Text.Json;

namespace Conformance.Model.Comparison;

/// <summary>
/// A place where real clan-core deliberately (or knowingly) differs from its documentation.
/// The oracle predicts the documented behaviour and tags it with the deviation's id plus what Nix
/// actually does; the run reports a match with the actual behaviour as expected, fails when Nix
/// does neither, and alarms when Nix starts doing what is documented (the entry is stale).
/// </summary>
public sealed record KnownDeviation(string Id, string Summary, string Documented, string Actual, IReadOnlyList<string> Upstream)
{
    /// <summary>Parses the JSON list (the runner and tests read tests/Conformance/known-deviations.json).</summary>
    public static IReadOnlyList<KnownDeviation> ParseList(string json)
    {
        try
        {
            var list = JsonSerializer.Deserialize<List<KnownDeviation>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                ?? throw new FormatException("the document is null");
            var duplicate = list.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new FormatException($"deviation '{duplicate.Key}' is listed twice");
            if (list.FirstOrDefault(d => string.IsNullOrWhiteSpace(d.Id) || d.Upstream is null || d.Upstream.Count == 0) is { } bad)
                throw new FormatException($"deviation '{bad.Id}' needs an id and at least one upstream reference");
            return list;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a list of known deviations: {e.Message}");
        }
    }
}

/// <summary>The deviation ids the oracle can produce (each must be listed to count as known).</summary>
public static class DeviationIds
{
    /// <summary>nixos/darwinConfigurations build pkgs from the machine's nixpkgs.* options, not from pkgsForSystem.</summary>
    public const string ConfigurationsIgnorePkgsForSystem = "configurations-ignore-pkgsForSystem";

    /// <summary>clanInternals appends the machine's nixpkgs.overlays to pkgsForSystem's instance.</summary>
    public const string InternalsApplyOverlaysOnPkgsForSystem = "internals-apply-overlays-on-pkgsForSystem";

    /// <summary>clanInternals ignores nixpkgs.config (and its assertion fails) even when pkgsForSystem returns null.</summary>
    public const string InternalsIgnoreConfigOnFallback = "internals-ignore-config-on-fallback";
}
