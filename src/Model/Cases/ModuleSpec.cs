namespace Conformance.Model.Cases;

/// <summary>How a module is written and referenced, which decides its key (deduplication).</summary>
public enum ModuleKind
{
    /// <summary>
    /// An attribute set written at each place it is imported. Anonymous: imported twice, its
    /// definitions count twice.
    /// </summary>
    Inline,

    /// <summary>
    /// A file <c>modules/_nixos/&lt;id&gt;.nix</c> (under <c>_</c>, so import-tree skips it) imported
    /// by path. Keyed by its path: imported twice, it is collected once (the first time
    /// lib.modules' breadth-first walk meets it).
    /// </summary>
    File,

    /// <summary>
    /// <c>flake.modules.&lt;class&gt;."&lt;id&gt;"</c>, defined in its own flake-parts file and imported as
    /// <c>config.flake.modules.&lt;class&gt;."&lt;id&gt;"</c>. flake-parts wraps it in a function without a
    /// key, so like <see cref="Inline"/> it counts once per import.
    /// </summary>
    Dendritic,
}

/// <summary>The <c>_class</c> flake-parts gives a dendritic module (<c>generic</c>: none).</summary>
public enum ModuleClass
{
    Generic,
    Nixos,
    Darwin,
}

/// <summary>
/// A module of the case's module pool. <see cref="Imports"/> are ids of other modules of the
/// pool; the pool is acyclic. Definitions are written in order (several definitions of one
/// option in a module become one <c>lib.mkMerge</c>, which keeps their order).
/// </summary>
public sealed record ModuleSpec(string Id, ModuleKind Kind)
{
    public ModuleClass Class { get; init; } = ModuleClass.Generic;

    public IReadOnlyList<Definition> Definitions { get; init; } = [];

    public IReadOnlyList<string> Imports { get; init; } = [];
}
