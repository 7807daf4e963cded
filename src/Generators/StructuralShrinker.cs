using System.Text.Json.Nodes;
using Conformance.Model.Cases;

namespace Conformance.Generators;

/// <summary>
/// Shrinks a case that carries no choices (written by hand, a finding, a regression, a failure saved
/// before choices were recorded) by generic deletions on its JSON form, knowing nothing of what a
/// case holds: half of a list, then one item of a list, then one property (back to its default), a
/// <c>true</c> to <c>false</c> — shallow parts before deep ones, so whole machines and modules go
/// before their details. A candidate's JSON is shorter (so shrinking ends); every candidate is parsed back and validated (<see cref="CaseValidator"/>):
/// a deletion that leaves a dangling reference (a module still imported) is not offered, and the
/// reference goes first in an earlier step. A generated case shrinks on its choices instead
/// (<see cref="CaseShrinker"/>), which is both smaller and cheaper.
/// </summary>
public static class StructuralShrinker
{
    public static IEnumerable<ClanCase> Candidates(ClanCase c)
    {
        var root = JsonNode.Parse(CaseJson.Serialize(c with { Choices = null }))!.AsObject();
        var structure = CaseJson.Structure(c);
        var seen = new HashSet<string>(StringComparer.Ordinal) { structure };
        foreach (var edited in Edits(root).OrderBy(e => e.Depth).ThenByDescending(e => e.Removed).Select(e => e.Json))
        {
            ClanCase candidate;
            try
            {
                candidate = CaseJson.Deserialize(edited) with { Id = c.Id };
            }
            catch (CaseFormatException)
            {
                continue; // a required property removed
            }
            // Shorter, or it is no reduction (a property back to a longer default): what makes this shrinking end.
            var shape = CaseJson.Structure(candidate);
            if (shape.Length >= structure.Length || !seen.Add(shape) || CaseValidator.Problems(candidate).Count > 0) continue;
            yield return candidate;
        }
    }

    /// <summary>Every one-step deletion, with how deep it is and how much JSON it removes.</summary>
    private static IEnumerable<(int Depth, int Removed, string Json)> Edits(JsonObject root)
    {
        var edits = new List<(int, int, string)>();
        void Visit(JsonNode node, int depth)
        {
            switch (node)
            {
                case JsonArray array:
                    var items = array.ToList();
                    if (items.Count > 2)
                    {
                        Try(depth, Size(items.Skip(items.Count / 2)), () => Keep(array, items.Take(items.Count / 2)), () => Keep(array, items));
                        Try(depth, Size(items.Take(items.Count / 2)), () => Keep(array, items.Skip(items.Count / 2)), () => Keep(array, items));
                    }
                    for (var i = 0; i < items.Count; i++)
                    {
                        var index = i;
                        Try(depth, Size([items[i]]), () => Keep(array, items.Where((_, j) => j != index)), () => Keep(array, items));
                    }
                    foreach (var item in items.OfType<JsonNode>()) Visit(item, depth + 1);
                    break;
                case JsonObject obj:
                    var properties = obj.ToList();
                    for (var i = 0; i < properties.Count; i++)
                    {
                        var (name, value) = properties[i];
                        // The id, and the discriminator of a polymorphic object (which must stay first), are not parts to remove.
                        if (value is null || depth == 0 && name == "id" || name == "kind") continue;
                        var index = i;
                        Try(depth, Size([value]), () => obj.Remove(name), () => obj.Insert(index, name, value));
                        if (value is JsonValue v && v.TryGetValue<bool>(out var flag) && flag)
                            Try(depth, 1, () => obj[name] = false, () => obj[name] = value);
                    }
                    foreach (var (_, value) in obj.ToList())
                        if (value is not null) Visit(value, depth + 1);
                    break;
            }
        }
        void Try(int depth, int removed, Action apply, Action undo)
        {
            apply();
            edits.Add((depth, removed, root.ToJsonString()));
            undo();
        }
        Visit(root, 0);
        return edits;
    }

    private static void Keep(JsonArray array, IEnumerable<JsonNode?> items)
    {
        var kept = items.ToList();
        foreach (var item in kept) item?.Parent?.AsArray().Remove(item);
        array.Clear();
        foreach (var item in kept) array.Add(item);
    }

    private static int Size(IEnumerable<JsonNode?> nodes) => nodes.Sum(n => n?.ToJsonString().Length ?? 4);
}
