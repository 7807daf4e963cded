using Conformance.Model.Observations;

namespace Conformance.Model.Oracle;

/// <summary>
/// The claims (seed report sentences and documentation) each focus area's predictions rest on.
/// Reports quote them so a maintainer sees which statement a finding contradicts.
/// </summary>
public static class Claims
{
    public static IReadOnlyList<string> For(FocusArea area) => area switch
    {
        FocusArea.PkgsForSystem =>
        [
            "Seed report: \"Key Point: `pkgsForSystem` is called **once per system**, not per machine\"",
            "clan-core docs (clan.pkgsForSystem): \"If specified this nixpkgs will be only imported once for each system. This improves performance, but all `nixpkgs.*` options will be ignored. Returning `null` for a system will fallback to the default behavior of respecting the `nixpkgs.*` options.\"",
        ],
        FocusArea.Priorities =>
        [
            "Seed report: \"overridePkgs forces: nixpkgs.pkgs = pkgsFor.${system} (mkForce), nixpkgs.hostPlatform = system (mkForce)\"",
            "nixpkgs lib/modules.nix: definitions are filtered by priority (mkForce = 50, plain = 100, mkDefault = 1000, option default = 1500; the lowest number wins), then merged by the option's type",
        ],
        FocusArea.Overlays =>
        [
            "Seed report: \"Overlays can be set in multiple places and will merge … Result: both applied via mkMerge\"",
            "nixpkgs docs (nixpkgs.overlays): \"If the nixpkgs.pkgs option is set, overlays specified using nixpkgs.overlays will be applied after the overlays that were already included in nixpkgs.pkgs.\"",
        ],
        FocusArea.NixpkgsConfig =>
        [
            "Seed report: \"Later injection of overridePkgs doesn't interfere (it only forces pkgs/hostPlatform)\"",
            "nixpkgs docs (nixpkgs.config): \"Ignored when nixpkgs.pkgs is set.\"",
        ],
        FocusArea.ModuleOrder =>
        [
            "nixpkgs lib/modules.nix: modules are collected breadth-first (genericClosure, keyed files once) and merged in reverse (`reverseList`); list definitions are then stably sorted by mkOrder (mkBefore = 500, default = 1000, mkAfter = 1500)",
        ],
        FocusArea.HostName =>
        [
            "clan-core modules/clan/module.nix: \"# default hostname  networking.hostName = lib.mkDefault name;\"",
        ],
        FocusArea.Roles =>
        [
            "clan-core docs (inventory.machines.<name>.tags): \"Tags can be used to determine the membership of the machine in the services.\"",
            "Seed report: \"roles: machines: Explicit machine membership; tags: Tag-based membership resolution\"",
        ],
        FocusArea.Classes =>
        [
            "Seed report: \"nixosConfigurations.<name> → configurations; darwinConfigurations.<name> → configurations\"",
            "clan-core docs (machineClass): \"Set this to `darwin` for macOS machines\"",
        ],
        FocusArea.Inventory =>
        [
            "Seed report: \"Load from: $directory/inventory.json (if exists), $directory/machines/* (auto-discovered), clan.machines (user-defined)\"",
            "clan-core docs (tags.all/nixos/darwin): predefined tags \"Will be added to all machines\" / \"… that set machineClass\"",
        ],
        _ =>
        [
            "Seed report: \"❌ Doesn't Work: Inventory-level nixpkgs configuration\" / \"❌ Doesn't Work: Service-level nixpkgs.config\"",
        ],
    };
}
