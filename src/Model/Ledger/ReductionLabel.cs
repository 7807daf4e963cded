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
                return path + "[-]" + KindSuffix(x[removed]);
            }
            default:
                return JsonNode.DeepEquals(a, b) ? "" : path + "=";
        }
    }

    /// <summary>A list item's kind (<c>"kind"</c> of an object: a definition's <c>hostPlatform</c>), or null.</summary>
    private static string? KindOf(JsonNode? item) => item is JsonObject o && o["kind"] is JsonValue k ? k.GetValue<string>() : null;

    /// <summary>How a label names the kind of the items it removes: <c>:hostPlatform</c>, or nothing.</summary>
    private static string KindSuffix(JsonNode? item) => KindOf(item) is { } kind ? ":" + kind : "";

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>
    /// The case with every item a removal label names taken away — <c>instances.roles.tagSettings[-]</c>
    /// removes the tag settings of every role of every instance, <c>modules.definitions[-]:hostPlatform</c>
    /// every hostPlatform definition — to test whether an ingredient that explains one cause explains
    /// another (a trigger test). What names a removed item goes with it: a role's settings for a
    /// machine or a tag the role no longer has (<c>instances.roles.tags[-]</c> on a role with settings
    /// for its tag: without them the case is invalid, and the tag was never tested — measured on the
    /// resolveTags fault, where three keys of a member by tag stayed causes of their own). Null when
    /// the label is no removal (<c>…=</c>, a changed value), when the case holds nothing it names, or
    /// when what is left is not a valid case.
    /// </summary>
    public static ClanCase? Without(ClanCase clanCase, string label)
    {
        if (!IsRemoval(label)) return null;
        var removal = label.LastIndexOf("[-]", StringComparison.Ordinal);
        var kind = label[(removal + 3)..].TrimStart(':');
        var path = label[..removal].Split('.');
        var json = JsonNode.Parse(CaseJson.Serialize(clanCase))!;
        if (Remove(json, path, 0, kind) == 0) return null;
        try
        {
            var reduced = WithoutDanglingSettings(CaseJson.Deserialize(json.ToJsonString()));
            return CaseValidator.Problems(reduced).Count == 0 ? reduced : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A role's settings for machines and tags it no longer has taken away with them.</summary>
    private static ClanCase WithoutDanglingSettings(ClanCase c) => c with
    {
        Instances = c.Instances.Select(i => i with
        {
            Roles = i.Roles.Select(r => r with
            {
                MachineSettings = r.MachineSettings.Where(t => r.Machines.Contains(t.Target)).ToList(),
                TagSettings = r.TagSettings.Where(t => r.Tags.Contains(t.Target)).ToList(),
            }).ToList(),
        }).ToList(),
    };

    /// <summary>
    /// Every removal label <see cref="Without"/> can apply to the case: one per list in its JSON form
    /// that holds items (positions dropped, so the same list under every machine or role is one
    /// label), and per kind where its items have one (<c>modules.definitions[-]:hostPlatform</c>).
    /// The ingredients a trigger hypothesis may name, taken from the case itself rather than from a
    /// shrinker's first candidates: which candidates a shrinker offers first depends on the case's
    /// size, and an ingredient deep in a large case was then never proposed (measured on a 25-key
    /// campaign: tag settings proposed for 7 causes, not for 6 others that showed the same behaviour).
    /// </summary>
    public static IReadOnlyList<string> Removals(ClanCase clanCase)
    {
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        Collect(JsonNode.Parse(CaseJson.Structure(clanCase)), "", labels);
        return [.. labels];
    }

    private static void Collect(JsonNode? node, string path, SortedSet<string> labels)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var at = Join(path, key);
                    if (value is JsonArray { Count: > 0 } items)
                        foreach (var item in items)
                            labels.Add(at + "[-]" + KindSuffix(item));
                    Collect(value, at, labels);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, path, labels);
                break;
        }
    }

    /// <summary>
    /// Whether a reduction's label names an ingredient a trigger may be: not an empty label (two
    /// parts changed at once), and not the removal of every machine or every service instance
    /// (<see cref="Containers"/>). Without its machines a clan evaluates no configuration, without
    /// its instances no service: every behaviour that needs one vanishes with them, so both sides
    /// agreeing then tells behaviours apart no better than an empty case would. Measured at
    /// fb7d2a7c5: <c>machines[-]</c> explained a role-membership change and a machine-args change
    /// alike, two behaviours that merely need a machine to show.
    /// </summary>
    public static bool NamesIngredient(string label) => label.Length > 0 && !Containers.Contains(label);

    /// <summary>The removals that take away what everything else hangs on: every machine, every service instance.</summary>
    public static readonly IReadOnlySet<string> Containers = new HashSet<string>(StringComparer.Ordinal) { "machines[-]", "instances[-]" };

    /// <summary>Whether a label names items taken away (<c>a.b[-]</c>, <c>a.b[-]:kind</c>), which <see cref="Without"/> can take from any case.</summary>
    public static bool IsRemoval(string label)
    {
        var removal = label.LastIndexOf("[-]", StringComparison.Ordinal);
        return removal > 0 && (label.Length == removal + 3 || label[removal + 3] == ':');
    }

    /// <summary>Removes the items at <paramref name="path"/> (from <paramref name="at"/>) under <paramref name="node"/>, every array on the way walked item by item; how many were removed.</summary>
    private static int Remove(JsonNode? node, string[] path, int at, string kind)
    {
        switch (node)
        {
            case JsonArray items:
                return items.Sum(item => Remove(item, path, at, kind));
            case JsonObject o when at == path.Length - 1:
            {
                if (o[path[at]] is not JsonArray list) return 0;
                var doomed = list.Where(i => kind.Length == 0 || KindOf(i) == kind).ToList();
                foreach (var item in doomed) list.Remove(item);
                return doomed.Count;
            }
            case JsonObject o:
                return Remove(o[path[at]], path, at + 1, kind);
            default:
                return 0;
        }
    }
}
