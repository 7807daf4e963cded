namespace Conformance.Model.Coverage;

/// <summary>
/// One user-facing option clan-core declares (shown in its documentation: visible, not internal),
/// as declared: a leaf (no sub-options), or a collection a user fills by naming entries (an
/// attribute set or list of submodules, a freeform submodule) — never a plain namespace.
/// </summary>
/// <param name="Type">The module system's description of its type (<c>list of string</c>).</param>
/// <param name="ReadOnly">Declared read-only: clan-core sets it, a user cannot.</param>
/// <param name="DeclaredIn">The files that declare it, relative to clan-core's root.</param>
/// <param name="Group">Its option group (<see cref="OptionListing"/> says how groups are drawn).</param>
public sealed record DeclaredOption(OptionPath Path, string Type, bool ReadOnly, IReadOnlyList<string> DeclaredIn, string Group);

/// <summary>One entry of the module system's option documentation list (<c>lib.optionAttrSetToDocList</c>), already filtered to user-facing ones.</summary>
/// <param name="Loc">The option's location, as Nix gives it (<c>["clan" "core" "vars" "generators" "&lt;name&gt;" "share"]</c>).</param>
public sealed record OptionDocEntry(IReadOnlyList<string> Loc, string Type, bool ReadOnly, IReadOnlyList<string> DeclaredIn);
