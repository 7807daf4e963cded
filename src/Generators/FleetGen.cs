using Conformance.Model.Cases;

namespace Conformance.Generators;

/// <summary>
/// Fleets of a given size for <c>scale</c>: how evaluation cost grows with the number of machines.
/// Deterministic (the size is the only parameter, so two revisions and two days see the same
/// fleet): machine <c>i</c> (from 1) is a nix-darwin machine on aarch64-darwin when <c>i</c> is a
/// multiple of 5, else NixOS on aarch64-linux when <c>i</c> is even, else NixOS on x86_64-linux;
/// every fourth machine also imports a module with an overlay (which makes its clanInternals copy
/// build its own instance on top of clan's shared one). Every machine is declared in
/// <c>clan.machines</c>; the clanInternals copies of x86_64-linux are observed. The flake lists
/// every system its machines use, as a real fleet's does: a revision whose configurations read
/// <c>pkgsFor.&lt;system&gt;</c> (#7295) then measures, instead of failing on a system the flake
/// leaves out (finding 6).
/// </summary>
public static class FleetGen
{
    public const string OverlayModule = "fleet-overlay";

    public static ClanCase Fleet(int machines)
    {
        if (machines < 1) throw new ArgumentOutOfRangeException(nameof(machines), "a fleet has at least one machine");
        var platforms = new[] { Systems.X86_64Linux, Systems.Aarch64Linux, Systems.Aarch64Darwin }
            .ToDictionary(s => s, s => new ModuleSpec("platform-" + s.Replace('_', '-'), ModuleKind.Inline) { Definitions = [new HostPlatformDef(s)] });
        var overlay = new ModuleSpec(OverlayModule, ModuleKind.Inline) { Definitions = [new OverlayDef("fleet")] };
        var specs = Enumerable.Range(1, machines).Select(i =>
        {
            var system = i % 5 == 0 ? Systems.Aarch64Darwin : i % 2 == 0 ? Systems.Aarch64Linux : Systems.X86_64Linux;
            return new MachineSpec($"m{i:000}")
            {
                InClanMachines = true,
                Imports = i % 4 == 0 ? [platforms[system].Id, OverlayModule] : [platforms[system].Id],
                InventoryNix = system == Systems.Aarch64Darwin ? new InventoryEntry { Class = MachineClass.Darwin } : null,
            };
        }).ToList();
        return new ClanCase($"fleet{machines}")
        {
            Machines = specs,
            Modules = [.. platforms.Values, overlay],
            FlakeSystems = [.. platforms.Keys.Where(s => specs.Any(m => m.Imports.Contains(platforms[s].Id)))],
            InspectSystems = [Systems.X86_64Linux],
            ObserveCost = true,
        };
    }
}
