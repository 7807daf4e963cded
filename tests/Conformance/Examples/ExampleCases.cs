using Conformance.Model.Cases;

namespace Conformance.Tests.Examples;

/// <summary>
/// Hand-written cases, each exercising one semantic area end to end. They are rendered in the
/// snapshot tests and checked against real Nix in <see cref="Live.ExampleCaseSpecs"/>.
/// </summary>
public static class ExampleCases
{
    public static readonly Priority Force = Priority.Force;

    /// <summary>Dendritic imports, a file module imported twice, overlays with mkBefore/mkAfter, nixpkgs.config merging.</summary>
    public static ClanCase Dendritic => new("ex1")
    {
        FlakeSystems = [Systems.X86_64Linux, Systems.Aarch64Darwin],
        PkgsForSystem = new PkgsForSystemSpec(PkgsForSystemMode.ClanOption) { CustomSystems = [Systems.X86_64Linux] },
        InspectSystems = [Systems.X86_64Linux],
        Modules =
        [
            new ModuleSpec("base", ModuleKind.Dendritic)
            {
                Class = ModuleClass.Nixos,
                Imports = ["shared", "leaf"],
                Definitions =
                [
                    new OverlayDef("base"),
                    new ListDef(["base"]),
                    new NixpkgsConfigDef([new ConfigEntry("a", "base"), new ConfigEntry("b", "base")]),
                ],
            },
            new ModuleSpec("shared", ModuleKind.File)
            {
                Imports = ["leaf"],
                Definitions = [new ListDef(["shared"]), new OverlayDef("shared") { Order = Order.After }, new ScalarDef("s")],
            },
            new ModuleSpec("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] },
            new ModuleSpec("leaf", ModuleKind.File)
            {
                Definitions = [new ListDef(["leaf"]) { Order = Order.Before }, new NixpkgsConfigDef([new ConfigEntry("a", "leaf")])],
            },
        ],
        Machines =
        [
            new MachineSpec("web")
            {
                InClanMachines = true,
                Imports = ["base", "leaf", "platform"],
                InventoryNix = new InventoryEntry { Class = MachineClass.Nixos, Tags = ["cloud"] },
            },
            new MachineSpec("db")
            {
                InClanMachines = true,
                Imports = ["shared"],
                InventoryJson = new InventoryEntry { Tags = ["cloud", "db"] },
                Directory = new MachineDirectory
                {
                    Configuration = new ModuleSpec("db-configuration", ModuleKind.File)
                    {
                        Definitions = [new HostPlatformDef(Systems.X86_64Linux), new ListDef(["configuration.nix"]), new HostNameDef("database")],
                    },
                },
            },
        ],
        Instances =
        [
            new InstanceSpec("svc")
            {
                Roles =
                [
                    new RoleSpec(RoleSpec.Server) { Tags = ["cloud"] },
                    new RoleSpec(RoleSpec.Client) { Machines = ["db", "ghost"], Tags = ["nosuchtag"] },
                ],
            },
        ],
    };

    /// <summary>Priorities: mkForce, mkDefault, mkOverride, mkIf; hostPlatform and nixpkgs.pkgs against clan's overridePkgs.</summary>
    public static ClanCase Priorities => new("ex2")
    {
        FlakeSystems = [Systems.X86_64Linux],
        PkgsForSystem = new PkgsForSystemSpec(PkgsForSystemMode.PerSystem) { CustomSystems = [] },
        InspectSystems = [Systems.X86_64Linux, Systems.Aarch64Linux],
        Modules =
        [
            new ModuleSpec("own-pkgs", ModuleKind.Dendritic)
            {
                Class = ModuleClass.Generic,
                Definitions =
                [
                    new NixpkgsPkgsDef(Systems.X86_64Linux, "own") { Priority = Priority.Override(10) },
                    new HostPlatformDef(Systems.X86_64Linux) { Priority = Force },
                    new OverlayDef("after-own"),
                ],
            },
            new ModuleSpec("prio", ModuleKind.Inline)
            {
                Definitions =
                [
                    new ScalarDef("forced") { Priority = Force },
                    new ScalarDef("plain"),
                    new HostNameDef("renamed"),
                    new UniqueDef("u1"),
                    new UniqueDef("u2") { Priority = Priority.Default },
                    new ListDef(["dropped"]) { Condition = false },
                    new ListDef(["kept"]) { Condition = true },
                    new NixpkgsConfigDef([new ConfigEntry("k", "v")]),
                ],
            },
        ],
        Machines =
        [
            new MachineSpec("alpha") { InClanMachines = true, Imports = ["own-pkgs", "prio"] },
            new MachineSpec("beta")
            {
                InClanMachines = true,
                Imports = ["prio"],
                InventoryNix = new InventoryEntry { Tags = ["x"] },
            },
        ],
    };

    /// <summary>
    /// Machine modules reading the clan-core argument: public attributes (clanLib, nixosModules)
    /// quietly, non-public ones (inputs, outPath) with clan-core's deprecation warning (#6503);
    /// a nix-darwin machine too, and a machine outside clan.machines that reads nothing.
    /// </summary>
    public static ClanCase ClanCoreReads => new("ex3")
    {
        FlakeSystems = [Systems.X86_64Linux],
        CoreReads = ["inputs", "clanLib", "outPath", "nixosModules"],
        Modules = [new ModuleSpec("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] }],
        Machines =
        [
            new MachineSpec("reader") { InClanMachines = true, Imports = ["platform"] },
            new MachineSpec("mac") { InClanMachines = true, InventoryNix = new InventoryEntry { Class = MachineClass.Darwin } },
            new MachineSpec("elsewhere")
            {
                Directory = new MachineDirectory
                {
                    Configuration = new ModuleSpec("elsewhere-configuration", ModuleKind.File) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] },
                },
            },
        ],
    };
}
