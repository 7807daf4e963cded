namespace Conformance.Model.Semantics;

/// <summary>
/// The <c>clan-core</c> module argument clan passes to every machine (specialArgs) and to its own
/// modules: the clan-core flake, each attribute wrapped so that reading one outside
/// <see cref="Public"/> warns (modules/clan/default.nix, clan-core #6503, 2026-01-22).
/// </summary>
public static class ClanCoreArgument
{
    /// <summary>The attributes clan-core calls public: reading them prints nothing.</summary>
    public static readonly IReadOnlySet<string> Public = new HashSet<string>(StringComparer.Ordinal)
        { "clanLib", "lib", "clan", "packages", "nixosModules", "darwinModules", "_type" };

    /// <summary>The warnings reading <paramref name="attributes"/> prints, as the attributes they name (sorted, distinct).</summary>
    public static IReadOnlyList<string> Warned(IEnumerable<string> attributes) =>
        NixOrder.Sort(attributes.Where(a => !Public.Contains(a)).Distinct());
}
