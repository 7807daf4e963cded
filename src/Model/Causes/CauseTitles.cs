using Conformance.Model.Comparison;

namespace Conformance.Model.Causes;

/// <summary>A cause in plain words, for summaries and the console: where, what, and how it changed.</summary>
public static class CauseTitles
{
    /// <param name="key">The cause.</param>
    /// <param name="expectation">What the expectation was: <c>the model</c>, or the base revision of a diff.</param>
    public static string Title(CauseKey key, string expectation = "the model")
    {
        var where = key.Scope switch
        {
            "cfg" => "in nixosConfigurations/darwinConfigurations",
            "sys" => "in the clanInternals.machines copies",
            "svc" => "in the service evaluations (clan._services)",
            _ => "in the clan outputs",
        };
        var what = Aspects.Describe(key.Aspect);
        var t = key.Transition;
        if (t.StartsWith("deviation-gone:", StringComparison.Ordinal))
        {
            var id = t["deviation-gone:".Length..];
            return $"{where}, {GonePhrase(id) ?? what + " now does what clan-core documents"}: the documented behaviour, known deviation `{id}` is gone";
        }
        if (t.StartsWith("deviation-unlisted:", StringComparison.Ordinal))
            return $"{where}, {what} does what the model knows as deviation `{t["deviation-unlisted:".Length..]}`, which known-deviations.json does not list";
        var arrow = t.IndexOf("->", StringComparison.Ordinal);
        var (from, to) = arrow < 0 ? (t, "") : (t[..arrow], t[(arrow + 2)..]);
        if (key.Aspect == Aspect.Evaluation)
            return to == "value"
                ? $"the clan evaluates again: where {expectation} fails in every field with the same {Kind(from)} error, it has values"
                : $"the clan does not evaluate at all: every field fails with the same {Kind(to)} error, where {expectation} " +
                  (from == "value" ? "has values" : $"fails with {Kind(from)}");
        var how = (from, to) switch
        {
            ("value", "value") => $"differ from {expectation}",
            ("value", "missing") => "could not be read",
            ("value", _) => $"now fail with {Kind(to)} where {expectation} has values",
            (_, "value") => $"now evaluate where {expectation} fails with {Kind(from)}",
            (_, "changed-message") => $"fail with {Kind(from)} as {expectation} does, but for another reason (the message differs)",
            _ => $"fail with {Kind(to)} where {expectation} fails with {Kind(from)}",
        };
        return $"{where}, {what}: {how}";
    }

    private static string Kind(string side) => side.StartsWith("error:", StringComparison.Ordinal) ? side["error:".Length..] : side;

    /// <summary>What it means, in clan's terms, that a known deviation no longer shows.</summary>
    private static string? GonePhrase(string deviation) => deviation switch
    {
        DeviationIds.ConfigurationsIgnorePkgsForSystem => "pkgs now come from pkgsForSystem",
        DeviationIds.InternalsApplyOverlaysOnPkgsForSystem => "the machine's overlays are no longer applied on top of pkgsForSystem's instance",
        DeviationIds.InternalsIgnoreConfigOnFallback => "nixpkgs.config is respected again when pkgsForSystem returns null",
        _ => null,
    };
}
