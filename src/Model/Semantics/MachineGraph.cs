using Conformance.Model.Cases;
using Conformance.Model.ModuleSystem;

namespace Conformance.Model.Semantics;

/// <summary>
/// Builds the module tree a machine's evaluation collects, with every wrapper clan-core, nixpkgs
/// and flake-parts put around the user's modules, because lib.modules orders definitions by
/// breadth-first depth (see <see cref="ModuleCollector"/>). From clan-core modules/clan/module.nix:
/// <code>
/// moduleForMachine.&lt;n&gt;   deferredModule { imports = [ W(generated) W(clan.machines.&lt;n&gt;) ]; }      depth 0
///   W(generated)                                                                       1
///     generated          { networking.hostName = mkDefault n; imports = [ … forName … ]; }  2
///       importApply forName.nix  →  forName  →  machines/&lt;n&gt;/configuration.nix          3, 4, 5
///   W(clan.machines.&lt;n&gt;)  →  deferredModule { imports = [ W(def) ]; }  →  W(def)  →  def   1, 2, 3, 4
///     def's imports (the probe, then the machine's modules)                                5
/// </code>
/// A dendritic import <c>config.flake.modules.&lt;class&gt;.x</c> is flake-parts' <c>addInfo</c>
/// function (with <c>_class</c>, skipped for <c>generic</c>) → deferredModule → location wrapper →
/// the module body: the body sits 3 (generic: 2) levels below the import. In clanInternals the
/// overridePkgs module is appended by <c>extendModules</c> at the top level.
/// </summary>
internal static class MachineGraph
{
    /// <summary>Origin of the node holding overridePkgs' two mkForce definitions.</summary>
    public const string OverridePkgsOrigin = "clan-core overridePkgs.nix definitions";

    /// <param name="serviceModules">What the machine imports from clan services (clan's machineImports/darwinImports, one module per service), after forName and clanCore.</param>
    public static IReadOnlyList<ModuleNode> Roots(ClanCase clanCase, MachineSpec machine, MachineClass machineClass, string? internalsSystem,
        IReadOnlyList<ModuleNode>? serviceModules = null)
    {
        var generated = new ModuleNode("clan-core modules/clan/module.nix: generated machine module")
        {
            Definitions = [new HostNameDef(machine.Name) { Priority = Priority.Default }],
            Imports =
            [
                ModuleNode.Wrap("importApply forName.nix",
                    ModuleNode.Wrap("clan-core nixosModules/machineModules/forName.nix",
                        machine.Directory is { } directory && directory.IsImportedInto(machineClass)
                            ? [File(clanCase, directory.Configuration!, ModulePaths.MachineConfiguration(machine.Name, directory.FileName), probe: true)]
                            : [])),
                .. serviceModules ?? [],
            ],
        };
        var parts = new List<ModuleNode> { ModuleNode.Wrap("setDefaultModuleLocation module.nix", generated) };
        if (machine.InClanMachines)
        {
            var userModule = new ModuleNode($"clan.machines.{machine.Name}")
            {
                Imports = [Probe(), .. machine.Imports.Select(id => Reference(clanCase, id))],
            };
            parts.Add(ModuleNode.Wrap("setDefaultModuleLocation module.nix (clan.machines)",
                ModuleNode.Wrap($"deferredModule clan.machines.{machine.Name}",
                    ModuleNode.Wrap("setDefaultModuleLocation (flake-parts definition)", userModule))));
        }
        var roots = new List<ModuleNode> { new ModuleNode($"deferredModule moduleForMachine.{machine.Name}") { Imports = parts } };
        // NixOS's hardware/facter/system.nix: nixpkgs.hostPlatform = mkDefault report.system, when
        // clan's nixos-facter.nix found machines/<m>/facter.json and the report names a system.
        if (machineClass == MachineClass.Nixos && machine.Directory?.Facter?.System is { } facterSystem)
            roots.Add(new ModuleNode("nixpkgs nixos/modules/hardware/facter/system.nix")
            {
                Definitions = [new HostPlatformDef(facterSystem) { Priority = Priority.Default }],
            });
        if (internalsSystem is not null)
        {
            roots.Add(ModuleNode.Wrap("importApply overridePkgs.nix",
                ModuleNode.Wrap("clan-core nixosModules/machineModules/overridePkgs.nix",
                    new ModuleNode(OverridePkgsOrigin)
                    {
                        Definitions =
                        [
                            new HostPlatformDef(internalsSystem) { Priority = Priority.Force },
                            new PkgsForDef(internalsSystem) { Priority = Priority.Force },
                        ],
                    })));
        }
        return roots;
    }

    /// <summary>The probe: declares the conformance.* options; imports the keyed roles option.</summary>
    private static ModuleNode Probe() =>
        new(ModulePaths.Probe) { Key = "path:" + ModulePaths.Probe, Imports = [new ModuleNode(ModulePaths.RolesOption) { Key = "path:" + ModulePaths.RolesOption }] };

    private static ModuleNode Reference(ClanCase clanCase, string id)
    {
        var spec = clanCase.FindModule(id) ?? throw new InvalidOperationException($"case {clanCase.Id}: module '{id}' is imported but not defined");
        return spec.Kind switch
        {
            ModuleKind.Inline => new ModuleNode($"inline module {id}")
            {
                Definitions = spec.Definitions,
                Imports = spec.Imports.Select(i => Reference(clanCase, i)).ToList(),
            },
            ModuleKind.File => File(clanCase, spec, ModulePaths.FileModule(id), probe: false),
            _ => Dendritic(clanCase, spec),
        };
    }

    private static ModuleNode File(ClanCase clanCase, ModuleSpec spec, string path, bool probe) =>
        new(path)
        {
            Key = "path:" + path,
            Definitions = spec.Definitions,
            Imports = [.. probe ? [Probe()] : Array.Empty<ModuleNode>(), .. spec.Imports.Select(i => Reference(clanCase, i))],
        };

    private static ModuleNode Dendritic(ClanCase clanCase, ModuleSpec spec)
    {
        var body = new ModuleNode($"flake.modules.{spec.Class.ToString().ToLowerInvariant()}.{spec.Id}")
        {
            Definitions = spec.Definitions,
            Imports = spec.Imports.Select(i => Reference(clanCase, i)).ToList(),
        };
        var merged = ModuleNode.Wrap("deferredModule flake.modules", ModuleNode.Wrap("setDefaultModuleLocation (flake-parts definition)", body));
        return spec.Class == ModuleClass.Generic
            ? merged
            : new ModuleNode("flake-parts addInfo") { Class = spec.Class, Imports = [merged] };
    }
}

/// <summary>overridePkgs' <c>nixpkgs.pkgs = mkForce pkgsFor.${system}</c> (never rendered, never serialised).</summary>
internal sealed record PkgsForDef(string System) : Definition
{
    public override string OptionPath => "nixpkgs.pkgs";
}
