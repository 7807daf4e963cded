using System.Text.Json.Nodes;
using Conformance.Model.Cases;

namespace Conformance.Model.Ledger;

/// <summary>
/// What a one-step reduction of a case took away, as a label without names or positions:
/// the path (in the case's JSON) of the one part that differs, array positions dropped, and for a
/// removed list item its kind — e.g.
/// <c>instances.roles.tagSettings[-]</c> (a role's tag settings removed),
/// <c>modules.definitions[-]:hostPlatform</c>, <c>modules.definitions.priority.form=</c> (a
/// value changed). A reduction that changes two parts at once (a shrinker's candidate may: a
/// choice replayed differently) names no single ingredient and has no label (empty). Two causes
/// whose minimal cases are explained by the same label share what triggers them (see <see cref="LedgerBuilder"/>).
/// </summary>
public static class ReductionLabel
{
    public static string Of(ClanCase before, ClanCase after)
    {
        var a = JsonNode.Parse(CaseJson.Structure(before));
        var b = JsonNode.Parse(CaseJson.Structure(after));
        return Walk(a, b, "");
    }

    private static string Walk(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
            {
                var differing = x.Select(kv => kv.Key).Union(y.Select(kv => kv.Key))
                    .Where(k => !JsonNode.DeepEquals(x[k], y[k])).ToList();
                // Two parts changed at once name no one ingredient: no label (so no trigger).
                return differing.Count == 1 ? Walk(x[differing[0]], y[differing[0]], Join(path, differing[0])) : "";
            }
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
            {
                var differing = Enumerable.Range(0, x.Count).Where(i => !JsonNode.DeepEquals(x[i], y[i])).ToList();
                return differing.Count == 1 ? Walk(x[differing[0]], y[differing[0]], path) : "";
            }
            case (JsonArray x, JsonArray y) when x.Count == y.Count + 1:
            {
                // One item removed: the first position where the lists part.
                var removed = Enumerable.Range(0, x.Count).First(i => i == y.Count || !JsonNode.DeepEquals(x[i], y[i]));
                var kind = x[removed] is JsonObject o && o["kind"] is JsonValue k ? ":" + k.GetValue<string>() : "";
                return path + "[-]" + kind;
            }
            default:
                return JsonNode.DeepEquals(a, b) ? "" : path + "=";
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
