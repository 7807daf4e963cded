namespace Conformance.Runner.Reports;

/// <summary>
/// nixpkgs trees the harness evaluates that no flake reference names, by content hash, so a report
/// can say which nixpkgs produced its output. The offline set-up (scripts/setup, from the shared
/// mirrors) assembles nixpkgs from neg-serg/nixpkgs-slim's first commit, a full 26.11pre tree whose
/// NixOS module list is restored; a reader cannot fetch that tree, so flake.nix pins the release
/// the fixture's lock pins, and the Environment names both.
/// </summary>
internal static class NixpkgsTrees
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["sha256-9wlaTlf6aGhli5VMBID6iu9uBNJyohXY4nQOb3D01lU="] =
            "the tree of github:neg-serg/nixpkgs-slim/7beb50e7ff79da548c79762c9130477208787e96 (a nixpkgs 26.11pre tree) with nixos/modules/module-list.nix restored",
    };

    public static string Describe(string? narHash) =>
        narHash is not null && Known.TryGetValue(narHash, out var tree) ? tree : "a local nixpkgs tree";
}
