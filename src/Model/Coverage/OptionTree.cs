namespace Conformance.Model.Coverage;

/// <summary>
/// The four trees of user-facing option declarations clan-core has: what a clan author writes in
/// the clan module (<c>clan.*</c>), in its inventory (<c>clan.inventory.*</c>), in a clan service
/// module (<c>clan.service</c> class: <c>manifest</c>, <c>roles</c>, <c>perMachine</c>, …), and the
/// options clan-core declares in every machine (<c>clan.core.*</c>: vars, networking, settings, …).
/// </summary>
public enum OptionTree
{
    Clan,
    Inventory,
    Service,
    ClanCore,
}

/// <summary>How each tree's options are written: the prefix of their paths.</summary>
public static class OptionTrees
{
    public static readonly IReadOnlyList<OptionTree> All = Enum.GetValues<OptionTree>();

    /// <summary>The prefix a path of the tree is written with: where a clan author writes the option.</summary>
    public static string Prefix(this OptionTree tree) => tree switch
    {
        OptionTree.Clan => "clan",
        OptionTree.Inventory => "clan.inventory",
        // The service module's class (`_class = "clan.service"`): its options have no prefix in the
        // module itself, so the class names the tree.
        OptionTree.Service => "clan.service",
        OptionTree.ClanCore => "clan.core",
        _ => throw new ArgumentOutOfRangeException(nameof(tree)),
    };

    /// <summary>
    /// The tree and the components below its root of a full path (<c>clan.inventory.machines.&lt;name&gt;.tags</c>),
    /// longest prefix first; null when no tree's prefix starts it.
    /// </summary>
    public static (OptionTree Tree, IReadOnlyList<string> Components)? Split(IReadOnlyList<string> components)
    {
        foreach (var tree in All.OrderByDescending(t => t.Prefix().Length))
        {
            var prefix = tree.Prefix().Split('.');
            if (components.Count > prefix.Length && components.Take(prefix.Length).SequenceEqual(prefix))
                return (tree, components.Skip(prefix.Length).ToList());
        }
        return null;
    }
}
