namespace Conformance.Model.Coverage;

/// <summary>
/// Turns the module system's documentation entries into the declared options coverage counts, and
/// draws the option groups.
/// <list type="bullet">
/// <item>An entry with no sub-entries is an option (a leaf). An entry whose sub-entries are a
/// placeholder's (<c>&lt;name&gt;</c>, <c>*</c>: an attribute set or list of submodules) or whose
/// type is freeform (<c>open submodule</c>) is an option too: a user sets it by naming entries
/// (role members, tags). Any other entry with sub-entries is a namespace and not counted: its
/// options are.</item>
/// <item>A leaf's group is its path below the tree's root without the last component, cut to the
/// first two components; a leaf right below the root is a group of its own
/// (<c>clan.core.vars.generators</c>, <c>clan.meta</c>, <c>clan.directory</c>). A collection is in
/// the group of the first leaf it holds, so <c>clan.inventory.instances</c> is in
/// <c>clan.inventory.instances.&lt;name&gt;</c> with the options of an instance.</item>
/// </list>
/// </summary>
public static class OptionListing
{
    public static IReadOnlyList<DeclaredOption> From(IReadOnlyList<OptionDocEntry> entries)
    {
        var paths = entries
            .Select(e => (Entry: e, Split: OptionTrees.Split(e.Loc)))
            .Where(x => x.Split is not null)
            .Select(x => (x.Entry, Path: new OptionPath(x.Split!.Value.Tree, x.Split.Value.Components)))
            // The inventory's options are in the clan module's tree too (clan.inventory): each path once, in its most specific tree.
            .GroupBy(x => x.Path).Select(g => g.First())
            .ToList();

        // By full path, across trees: clan.inventory (in the clan module's tree) holds the inventory tree's options.
        static string[] Full(OptionPath p) => [.. p.Tree.Prefix().Split('.'), .. p.Components];
        bool Below(OptionPath parent, OptionPath child)
        {
            var (a, b) = (Full(parent), Full(child));
            return b.Length > a.Length && b.Take(a.Length).SequenceEqual(a);
        }

        var result = new List<DeclaredOption>();
        foreach (var (entry, path) in paths)
        {
            var children = paths.Where(p => Below(path, p.Path)).Select(p => p.Path).ToList();
            var isLeaf = children.Count == 0;
            var isCollection = !isLeaf && (entry.Type.StartsWith("open submodule", StringComparison.Ordinal)
                || children.All(c => OptionPath.IsPlaceholder(Full(c)[Full(path).Length])));
            if (!isLeaf && !isCollection) continue;
            var groupOf = isLeaf ? path : children.Where(c => !paths.Any(p => Below(c, p.Path))).OrderBy(c => c.Components.Count).ThenBy(c => c.Text, StringComparer.Ordinal).First();
            result.Add(new DeclaredOption(path, entry.Type, entry.ReadOnly, entry.DeclaredIn, LeafGroup(groupOf)));
        }
        return result.OrderBy(o => o.Path.Tree).ThenBy(o => o.Path.Text, StringComparer.Ordinal).ToList();
    }

    /// <summary>A leaf's group (see the type's summary).</summary>
    public static string LeafGroup(OptionPath leaf)
    {
        var c = leaf.Components;
        var length = c.Count == 1 ? 1 : Math.Min(2, c.Count - 1);
        return leaf.Tree.Prefix() + "." + string.Join('.', c.Take(length));
    }
}
