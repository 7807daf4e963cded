using Conformance.Model.Cases;

namespace Conformance.Model.ModuleSystem;

/// <summary>
/// A module as nixpkgs' lib.modules sees it: an optional key (file modules are keyed by path;
/// attribute sets and functions are anonymous), its <c>_class</c>, its definitions and its imports.
/// Wrappers that Nix code inserts (deferredModule merges, <c>setDefaultModuleLocation</c>,
/// flake-parts' <c>addInfo</c>) are nodes too: they decide depth, and depth decides order.
/// </summary>
internal sealed record ModuleNode(string Origin)
{
    /// <summary>Explicit key (path); null for anonymous modules.</summary>
    public string? Key { get; init; }

    /// <summary><c>_class</c>; null when the module declares none.</summary>
    public ModuleClass? Class { get; init; }

    public IReadOnlyList<Definition> Definitions { get; init; } = [];

    public IReadOnlyList<ModuleNode> Imports { get; init; } = [];

    /// <summary>An anonymous node wrapping <paramref name="child"/> (one level of depth).</summary>
    public static ModuleNode Wrap(string origin, params ModuleNode[] children) => new(origin) { Imports = children };
}

/// <summary>A definition with the module it came from, in merge order.</summary>
internal sealed record LocatedDefinition(Definition Definition, ModuleNode Module);
