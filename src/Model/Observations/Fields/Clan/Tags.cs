using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clan.inventory.tags</c>: the reserved tags, static ones from Nix and <c>inventory.json</c>, and those <c>inventory.tags</c>'s function form computes.</summary>
    public static readonly ClanField Tags = new()
    {
        Name = nameof(Tags),
        Doc = "clan.inventory.tags: all/nixos/darwin (mkDefault, computed), static lists (Nix then inventory.json, concatenated), and tags computed by inventory.tags's function form",
        Words = "`inventory.tags`",
        Observes = ["inventory.tags", "inventory.tags.all", "inventory.tags.nixos", "inventory.tags.darwin"],
        Aspect = Aspect.Inventory,
        Areas = AreaSet(FocusArea.Inventory, FocusArea.Roles),
        Read = Read.Flake("clan.inventory.tags"),
        // The computed nixos and darwin tags (and the darwin function tag) read every machine's
        // class: with a class conflict the set fails — unless static definitions replace both.
        Predict = inventory =>
        {
            var c = inventory.Case;
            var statics = c.StaticTags.Concat(c.TagSources?.Json ?? []).Select(t => t.Tag).ToHashSet();
            var readsClasses = !statics.Contains("nixos") || !statics.Contains("darwin")
                || (c.TagSources?.Computed ?? []).Any(t => t.Kind == ComputedTagKind.Darwin);
            if (readsClasses && inventory.ClassError is { } classError) return Outcome.Fails(classError);
            var obj = new JsonObject();
            foreach (var (tag, members) in inventory.InventoryTags().OrderBy(t => t.Key, StringComparer.Ordinal)) obj[tag] = JsonValues.Strings(members);
            return Outcome.Value(obj, "computed-tags.nix: all/nixos/darwin = mkDefault attrNames; static definitions (Nix, then inventory.json) concatenate and replace them; the function form computes from config.all or the machines argument");
        },
    };
}
