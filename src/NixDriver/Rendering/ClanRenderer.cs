using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Semantics;
using Conformance.Model.Services;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Renders a <see cref="ClanCase"/> as a flake-parts clan in the fixture's dendritic style: a
/// standalone flake (nix eval works on it without the harness) with <c>modules/</c> read by
/// import-tree, <c>inventory.json</c> and <c>machines/&lt;name&gt;/</c> when the case has them.
/// Pure: returns the files; writing them is the caller's business.
/// </summary>
public static partial class ClanRenderer
{
    /// <summary>The flake inputs every rendered clan declares (the same as fixtures/test-clan, so its lock applies).</summary>
    public const string FlakeInputs = """
          inputs = {
            nixpkgs.url = "https://nixos.org/channels/nixpkgs-unstable/nixexprs.tar.xz";
            flake-parts.url = "github:hercules-ci/flake-parts";
            flake-parts.inputs.nixpkgs-lib.follows = "nixpkgs";
            import-tree.url = "github:vic/import-tree";
            clan-core.url = "github:clan-lol/clan-core";
            clan-core.inputs.nixpkgs.follows = "nixpkgs";
            clan-core.inputs.flake-parts.follows = "flake-parts";
          };
        """;

    public static RenderedTree Render(ClanCase clanCase, string? lockFile = null)
    {
        CaseValidator.Validate(clanCase);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["flake.nix"] = Flake(clanCase),
            ["modules/clan/core.nix"] = Core(clanCase),
            [ModulePaths.Probe] = EmbeddedNix.Read("probe.nix"),
            [ModulePaths.RolesOption] = EmbeddedNix.Read("roles-option.nix"),
        };
        if (lockFile is not null) files["flake.lock"] = lockFile;
        if (clanCase.Machines.Any(m => m.InClanMachines)) files["modules/clan/machines.nix"] = Machines(clanCase);
        var probeInstances = clanCase.Instances.Any(i => ServiceModel.IsProbe(i.ModuleOrProbe));
        var nixProbeInstances = clanCase.Instances.Any(i => ServiceModel.IsProbe(i.ModuleOrProbe) && i.Source != InstanceSource.Json);
        if (clanCase.Machines.Any(m => m.InventoryNix is not null) || clanCase.StaticTags.Count > 0 || nixProbeInstances)
            files["modules/clan/inventory.nix"] = Inventory(clanCase);
        if (clanCase.TagSources?.Computed is { Count: > 0 } computed) files["modules/clan/computed-tags.nix"] = ComputedTags(computed);
        if (probeInstances) files["modules/clan/services.nix"] = EmbeddedNix.Read("probe-service.nix");
        RenderServices(clanCase, files);
        if (InventoryJsonOf(clanCase) is { } inventoryJson) files[InClanDirectory(clanCase, "inventory.json")] = inventoryJson;
        foreach (var module in clanCase.Modules)
        {
            if (module.Kind == ModuleKind.File) files[ModulePaths.FileModule(module.Id)] = FileModule(clanCase, module, ModulePaths.FileModule(module.Id), probe: false);
            if (module.Kind == ModuleKind.Dendritic) files[ModulePaths.DendriticModule(module.Id)] = DendriticModule(clanCase, module);
        }
        foreach (var machine in clanCase.Machines.Where(m => m.Directory is not null))
        {
            var path = InClanDirectory(clanCase, ModulePaths.MachineConfiguration(machine.Name, machine.Directory!.FileName));
            var directory = machine.Directory!;
            if (directory.Configuration is { } c) files[path] = FileModule(clanCase, c, path, probe: true);
            else if (directory.Facter is null && !directory.HardwareStub)
                files[InClanDirectory(clanCase, $"machines/{machine.Name}/README.md")] = "This directory declares the machine; it has no configuration.nix.\n";
            if (directory.Facter is { } facter)
                files[InClanDirectory(clanCase, ModulePaths.MachineConfiguration(machine.Name, MachineDirectory.FacterJson))] = FacterJson(facter);
            if (directory.HardwareStub && !(directory.Configuration is not null && directory.FileName == MachineDirectory.HardwareConfigurationNix))
                files[InClanDirectory(clanCase, ModulePaths.MachineConfiguration(machine.Name, MachineDirectory.HardwareConfigurationNix))] =
                    "# Kept from before the machine used nixos-facter: clan warns when it exists next to facter.json.\n{ }\n";
        }
        RenderLayout(clanCase, files);
        return new RenderedTree(files);
    }

    // ---- flake-parts files ---------------------------------------------------------------------

    private static string Flake(ClanCase c) =>
        new NixWriter()
            .Line($"# clan-conformance case {c.Id}: a generated clan (flake-parts + import-tree, dendritic style).")
            .Line("# Evaluate with plain nix, e.g. nix eval .#nixosConfigurations --apply builtins.attrNames")
            .Open("{")
            .Block(FlakeInputs.Trim('\n').Replace("\n  ", "\n").TrimStart())
            .Line("outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } (inputs.import-tree ./modules);")
            .Close("}")
            .ToString();

    private static string Core(ClanCase c)
    {
        var w = new NixWriter()
            .Line("# The clan itself: clan-core's flake-parts module, systems, name, package sets per system.")
            .Line("{ inputs, lib, ... }:")
            .Open("{")
            .Line("imports = [ inputs.clan-core.flakeModules.default inputs.flake-parts.flakeModules.modules ];")
            .Line($"systems = {NixSyntax.StringList(c.FlakeSystems)};")
            .Line($"clan.meta.name = {NixSyntax.String(c.ClanName)};");
        if (c.Domain is { } domain) w.Line($"clan.meta.domain = {NixSyntax.String(domain)};");
        if (c.Meta?.Description is { } description) w.Line($"clan.meta.description = {NixSyntax.String(description)};");
        if (c.Meta?.Icon is { } icon) w.Line($"clan.meta.icon = {NixSyntax.String(icon)};");
        if (c.Meta?.Tld is { } tld) w.Line($"clan.meta.tld = {NixSyntax.String(tld)};");
        // A path literal, as clan authors write it (./clan): clan-core reads inventory.json and machines/ there.
        if (c.Layout is { } layout) w.Line($"clan.directory = {RelativePath("modules/clan", layout.Directory)};");
        foreach (var arg in c.SpecialArgs)
            w.Line($"clan.specialArgs.{NixSyntax.AttrName(arg.Name)} = {NixSyntax.String(arg.Value)};");
        switch (c.PkgsForSystem.Mode)
        {
            case PkgsForSystemMode.ClanOption:
                w.Line("# Traced: the harness counts calls per system.")
                 .Open("clan.pkgsForSystem =")
                 .Block("system:\n" + PkgsForSystemBody(c) + ";")
                 .Close("");
                break;
            case PkgsForSystemMode.PerSystem:
                w.Line("# Traced: the harness counts calls per system.")
                 .Open("perSystem =")
                 .Line("{ system, ... }:")
                 .Open("{")
                 .Open("clan.pkgs =")
                 .Block(PkgsForSystemBody(c) + ";")
                 .Close("")
                 .Close("};")
                 .Close("");
                break;
        }
        return Tidy(w.Close("}").ToString());
    }

    /// <summary>Drops the blank lines left by closing indentation levels without a closing token.</summary>
    private static string Tidy(string text) =>
        string.Join('\n', text.Split('\n').Where(l => l.Trim().Length > 0)) + "\n";

    private static string PkgsForSystemBody(ClanCase c) =>
        $"builtins.trace ({NixSyntax.String(TraceLabels.PkgsForSystem(c.Id))} + system) (\n" +
        $"  if builtins.elem system {NixSyntax.StringList(c.PkgsForSystem.CustomSystems)} then\n" +
        "    import inputs.nixpkgs {\n" +
        "      inherit system;\n" +
        $"      overlays = [ {MarkerOverlay("(\"pfs:\" + system)")} ];\n" +
        "      config.conformance.source = \"pkgsForSystem:\" + system;\n" +
        "    }\n" +
        "  else\n" +
        "    null\n" +
        ")";

    private static string Machines(ClanCase c)
    {
        var w = new NixWriter()
            .Line("# clan.machines: each machine imports the probe (conformance.* options) and its modules.")
            .Line("{ config, lib, inputs, ... }:")
            .Open("{")
            .Open("clan.machines = {");
        foreach (var machine in c.Machines.Where(m => m.InClanMachines))
        {
            w.Open($"{NixSyntax.AttrName(machine.Name)} = {{").Open("imports = [");
            w.Line(RelativePath("modules/clan", ModulePaths.Probe));
            if (c.CoreReads.Count > 0) w.Block(CoreReadsModule(c.CoreReads));
            foreach (var id in machine.Imports) w.Block(Reference(c, id, "modules/clan", inFlakeParts: true));
            w.Close("];").Close("};");
        }
        return Tidy(w.Close("};").Close("}").ToString());
    }

    /// <summary>A module reading attributes of the clan-core argument the way users do: each forced (seq) when the option is read.</summary>
    private static string CoreReadsModule(IReadOnlyList<string> attributes) =>
        "# reads of the clan-core module argument\n" +
        $"({{ clan-core, ... }}: {{ conformance.coreReads = map (n: builtins.seq clan-core.${{n}} n) {NixSyntax.StringList(attributes)}; }})";

    private static string Inventory(ClanCase c)
    {
        var w = new NixWriter()
            .Line("# The inventory: machine metadata, static tags, service instances.")
            .Open("{")
            .Open("clan.inventory = {");
        var nixMachines = c.Machines.Where(m => m.InventoryNix is not null).ToList();
        if (nixMachines.Count > 0)
        {
            w.Open("machines = {");
            foreach (var machine in nixMachines)
            {
                var entry = machine.InventoryNix!;
                var attrs = new List<string>();
                if (entry.Class is { } cls) attrs.Add($"machineClass = {NixSyntax.String(cls.ToNix())};");
                if (entry.Tags.Count > 0) attrs.Add($"tags = {NixSyntax.StringList(entry.Tags)};");
                attrs.AddRange(MetadataAttributes(entry));
                w.Line($"{NixSyntax.AttrName(machine.Name)} = {{ {string.Concat(attrs.Select(a => a + " "))}}};");
            }
            w.Close("};");
        }
        if (c.StaticTags.Count > 0)
        {
            w.Open("tags = {");
            foreach (var tag in c.StaticTags) w.Line($"{NixSyntax.AttrName(tag.Tag)} = {NixSyntax.StringList(tag.Machines)};");
            w.Close("};");
        }
        var probeInstances = c.Instances.Where(i => ServiceModel.IsProbe(i.ModuleOrProbe) && i.Source != InstanceSource.Json).ToList();
        if (probeInstances.Count > 0)
        {
            w.Open("instances = {");
            foreach (var instance in probeInstances)
            {
                w.Open($"{NixSyntax.AttrName(instance.Name)} = {{")
                 .Line("module.name = \"probe\";")
                 .Line("module.input = \"self\";");
                if (instance.Source == InstanceSource.Split) w.Line("# the roles' machines are in inventory.json");
                foreach (var role in instance.Roles)
                {
                    w.Open($"roles.{NixSyntax.AttrName(role.Role)} = {{");
                    if (instance.Source != InstanceSource.Split)
                        w.Line($"machines = {{ {string.Concat(role.Machines.Distinct().Select(m => NixSyntax.AttrName(m) + " = { }; "))}}};");
                    w.Line($"tags = {NixSyntax.StringList(role.Tags)};").Close("};");
                }
                w.Close("};");
            }
            w.Close("};");
        }
        return w.Close("};").Close("}").ToString();
    }

    /// <summary>inventory.tags's function form (clan-core's "dynamic tags"): one more module of the tags submodule.</summary>
    private static string ComputedTags(IReadOnlyList<ComputedTag> computed)
    {
        var w = new NixWriter()
            .Line("# Tags computed from the final `all` tag and from the machines (inventory.tags as a function).")
            .Open("{")
            .Open("clan.inventory.tags = { config, machines, lib, ... }: {");
        foreach (var tag in computed)
            w.Line($"{NixSyntax.AttrName(tag.Tag)} = " + (tag.Kind == ComputedTagKind.AllBut
                ? $"builtins.filter (n: n != {NixSyntax.String(tag.Machine!)}) config.all;"
                : "builtins.attrNames (lib.filterAttrs (_: m: m.machineClass == \"darwin\") machines);"));
        return w.Close("};").Close("}").ToString();
    }

    /// <summary>The clan's inventory.json, or null when the case writes nothing there.</summary>
    private static string? InventoryJsonOf(ClanCase c)
    {
        var document = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var machines = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var m in c.Machines.Where(m => m.InventoryJson is not null))
        {
            var entry = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["tags"] = m.InventoryJson!.Tags };
            if (m.InventoryJson.Class is { } cls) entry["machineClass"] = cls.ToNix();
            if (m.InventoryJson.DisplayName is { } name) entry["name"] = name;
            if (m.InventoryJson.Description is { } description) entry["description"] = description;
            if (m.InventoryJson.Icon is { } icon) entry["icon"] = icon;
            if (m.InventoryJson.InstalledAt is { } installedAt) entry["installedAt"] = installedAt;
            if (m.InventoryJson.Deploy is { } deploy) entry["deploy"] = DeployJson(deploy);
            machines[m.Name] = entry;
        }
        if (machines.Count > 0) document["machines"] = machines;
        if (c.Meta?.Json is { } meta)
        {
            var entry = new SortedDictionary<string, object>(StringComparer.Ordinal);
            if (meta.Name is { } name) entry["name"] = name;
            if (meta.Description is { } description) entry["description"] = description;
            if (meta.Icon is { } icon) entry["icon"] = icon;
            if (meta.Domain is { } domain) entry["domain"] = domain;
            document["meta"] = entry;
        }
        if (c.TagSources?.Json is { Count: > 0 } tags)
            document["tags"] = tags.GroupBy(t => t.Tag).ToDictionary(g => g.Key, g => (object)g.SelectMany(t => t.Machines).ToList());
        var instances = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var instance in c.Instances.Where(i => i.Source != InstanceSource.Nix))
        {
            var roles = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var role in instance.Roles)
            {
                var members = role.Machines.Distinct().ToDictionary(m => m, _ => (object)new Dictionary<string, object>());
                roles[role.Role] = instance.Source == InstanceSource.Json
                    ? new SortedDictionary<string, object>(StringComparer.Ordinal) { ["machines"] = members, ["tags"] = role.Tags }
                    : new SortedDictionary<string, object>(StringComparer.Ordinal) { ["machines"] = members };
            }
            instances[instance.Name] = instance.Source == InstanceSource.Json
                ? new SortedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["module"] = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["input"] = ModuleRef.Self, ["name"] = ModuleRef.Probe.Name },
                    ["roles"] = roles,
                }
                : new SortedDictionary<string, object>(StringComparer.Ordinal) { ["roles"] = roles };
        }
        if (instances.Count > 0) document["instances"] = instances;
        return document.Count == 0 ? null : NixSyntax.Json(document);
    }

    private static SortedDictionary<string, object> DeployJson(DeploySpec deploy)
    {
        var entry = new SortedDictionary<string, object>(StringComparer.Ordinal);
        if (deploy.TargetHost is { } target) entry["targetHost"] = target;
        if (deploy.BuildHost is { } build) entry["buildHost"] = build;
        if (deploy.ForwardAgent is { } forward) entry["forwardAgent"] = forward;
        return entry;
    }

    /// <summary>A machine's metadata and deploy settings as Nix inventory attributes.</summary>
    private static IEnumerable<string> MetadataAttributes(InventoryEntry entry)
    {
        if (entry.DisplayName is { } name) yield return $"name = {NixSyntax.String(name)};";
        if (entry.Description is { } description) yield return $"description = {NixSyntax.String(description)};";
        if (entry.Icon is { } icon) yield return $"icon = {NixSyntax.String(icon)};";
        if (entry.InstalledAt is { } installedAt) yield return $"installedAt = {installedAt.ToString(System.Globalization.CultureInfo.InvariantCulture)};";
        if (entry.Deploy?.TargetHost is { } target) yield return $"deploy.targetHost = {NixSyntax.String(target)};";
        if (entry.Deploy?.BuildHost is { } build) yield return $"deploy.buildHost = {NixSyntax.String(build)};";
        if (entry.Deploy?.ForwardAgent is { } forward) yield return $"deploy.forwardAgent = {(forward ? "true" : "false")};";
    }

    /// <summary>A nixos-facter report: the keys the NixOS facter modules read, no hardware (nothing it would enable).</summary>
    private static string FacterJson(FacterReport report)
    {
        var document = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["version"] = 1, ["virtualisation"] = "none" };
        if (report.System is { } system) document["system"] = system;
        return NixSyntax.Json(document);
    }

    /// <summary><paramref name="path"/> (relative to the clan's directory) relative to the flake's root.</summary>
    private static string InClanDirectory(ClanCase c, string path) => c.Layout is { } layout ? $"{layout.Directory}/{path}" : path;

    /// <summary>
    /// The flake root's files a clan in a subfolder must not read: a machines/stray/ directory and an
    /// inventory.json declaring stray (clan-core reads only <c>clan.directory</c>).
    /// </summary>
    private static void RenderLayout(ClanCase c, IDictionary<string, string> files)
    {
        if (c.Layout is not { } layout) return;
        // clan.directory is a path literal: it must exist even when the clan keeps nothing there.
        if (!files.Keys.Any(k => k.StartsWith(layout.Directory + "/", StringComparison.Ordinal)))
            files[$"{layout.Directory}/README.md"] = "The clan's directory (clan.directory).\n";
        if (!layout.StrayRootFiles) return;
        files[$"machines/{DirectoryLayout.StrayMachine}/README.md"] = "Outside the clan's directory: clan-core must not declare this machine.\n";
        files["inventory.json"] = NixSyntax.Json(new Dictionary<string, object>
        {
            ["machines"] = new Dictionary<string, object> { [DirectoryLayout.StrayMachine] = new Dictionary<string, object>() },
        });
    }

    private static string DendriticModule(ClanCase c, ModuleSpec module)
    {
        var dir = Path.GetDirectoryName(ModulePaths.DendriticModule(module.Id))!;
        var cls = module.Class.ToString().ToLowerInvariant();
        return new NixWriter()
            .Line($"# Dendritic module {module.Id}: flake.modules.{cls}.\"{module.Id}\".")
            .Line("{ config, lib, inputs, ... }:")
            .Open("{")
            .Block($"flake.modules.{cls}.{NixSyntax.AttrName(module.Id)} = " + ModuleBody(c, module, dir, inFlakeParts: true, probe: false) + ";")
            .Close("}")
            .ToString();
    }

    // ---- NixOS / nix-darwin module files -------------------------------------------------------

    private static string FileModule(ClanCase c, ModuleSpec module, string path, bool probe) =>
        new NixWriter()
            .Line($"# Module {module.Id} ({path}).")
            .Line(InCopiedDirectory(c, Path.GetDirectoryName(path)!) ? "{ lib, self, ... }:" : "{ lib, ... }:")
            .Block(ModuleBody(c, module, Path.GetDirectoryName(path)!, inFlakeParts: false, probe))
            .ToString();

    /// <summary>A module as an attribute set: its imports, then one attribute per option (several definitions: mkMerge, in order).</summary>
    private static string ModuleBody(ClanCase c, ModuleSpec module, string fromDir, bool inFlakeParts, bool probe)
    {
        var w = new NixWriter().Open("{");
        var imports = new List<string>();
        if (probe) imports.Add(Import(c, fromDir, ModulePaths.Probe));
        imports.AddRange(module.Imports.Select(id => Reference(c, id, fromDir, inFlakeParts)));
        if (imports.Count > 0)
        {
            w.Open("imports = [");
            foreach (var import in imports) w.Block(import);
            w.Close("];");
        }
        foreach (var group in module.Definitions.GroupBy(d => d.OptionPath))
        {
            var values = group.Select(DefinitionValue).ToList();
            w.Line(values.Count == 1
                ? $"{group.Key} = {values[0]};"
                : $"{group.Key} = lib.mkMerge [ {string.Join(" ", values.Select(Argument))} ];");
        }
        return w.Close("}").ToString().TrimEnd('\n');
    }

    private static string Reference(ClanCase c, string id, string fromDir, bool inFlakeParts)
    {
        var module = c.FindModule(id)!;
        return module.Kind switch
        {
            ModuleKind.File => Import(c, fromDir, ModulePaths.FileModule(id)),
            ModuleKind.Dendritic when inFlakeParts => $"config.flake.modules.{module.Class.ToString().ToLowerInvariant()}.{NixSyntax.AttrName(id)}",
            ModuleKind.Dendritic => throw new InvalidCaseException($"module {id} is dendritic and cannot be imported from a NixOS module file"),
            _ => $"# inline module {id}\n" + ModuleBody(c, module, fromDir, inFlakeParts, probe: false),
        };
    }

    /// <summary>A definition's value with its wrappers: <c>mkIf</c> outermost, then the priority, then the order.</summary>
    private static string DefinitionValue(Definition d)
    {
        var value = d switch
        {
            ScalarDef s => NixSyntax.String(s.Value),
            UniqueDef u => NixSyntax.String(u.Value),
            ListDef l => NixSyntax.StringList(l.Items),
            HostNameDef h => NixSyntax.String(h.Value),
            OverlayDef o => $"[ {MarkerOverlay(NixSyntax.String(o.Id))} ]",
            NixpkgsConfigDef n => n.Entries.Count == 0
                ? "{ }"
                : "{ conformance = { " + string.Concat(n.Entries.Select(e => $"{NixSyntax.AttrName(e.Key)} = {NixSyntax.String(e.Value)}; ")) + "}; }",
            HostPlatformDef h => NixSyntax.String(h.System),
            NixpkgsPkgsDef p =>
                $"import inputs.nixpkgs {{ system = {NixSyntax.String(p.System)}; overlays = [ {MarkerOverlay(NixSyntax.String(p.MarkerId))} ]; " +
                $"config.conformance.source = {NixSyntax.String(p.ConfigSource)}; }}",
            TargetHostDef t => NixSyntax.String(t.Value),
            BuildHostDef b => NixSyntax.String(b.Value),
            DomainDef dd => NixSyntax.String(dd.Value),
            RecommendedDefaultsDef r => r.Value ? "true" : "false",
            _ => throw new ArgumentException($"cannot render {d.GetType().Name}"),
        };
        var order = d switch { ListDef l => l.Order, OverlayDef o => o.Order, _ => Order.Plain };
        value = order.Form switch
        {
            OrderForm.Plain => value,
            OrderForm.Before => $"lib.mkBefore {value}",
            OrderForm.After => $"lib.mkAfter {value}",
            _ => $"lib.mkOrder {order.Custom} {value}",
        };
        value = d.Priority.Form switch
        {
            PriorityForm.Plain => value,
            PriorityForm.Force => $"lib.mkForce {Argument(value)}",
            PriorityForm.Default => $"lib.mkDefault {Argument(value)}",
            PriorityForm.OptionDefault => $"lib.mkOptionDefault {Argument(value)}",
            _ => $"lib.mkOverride {d.Priority.Custom} {Argument(value)}",
        };
        return d.Condition is { } condition ? $"lib.mkIf {(condition ? "true" : "false")} {Argument(value)}" : value;
    }

    /// <summary>A value as a function argument: parenthesised when it is itself an application.</summary>
    private static string Argument(string value) =>
        value.StartsWith('"') || value.StartsWith('[') || value.StartsWith('{') ? value : $"({value})";

    /// <summary>An overlay that appends <paramref name="idExpression"/> to <c>conformanceTrail</c>, so the order overlays ran in is read back from Nix.</summary>
    public static string MarkerOverlay(string idExpression) =>
        $"(final: prev: {{ conformanceTrail = (prev.conformanceTrail or [ ]) ++ [ {idExpression} ]; }})";

    /// <summary>
    /// Whether files in <paramref name="directory"/> are imported from a store copy of the clan's
    /// directory: forName.nix imports <c>"${directory}/machines/&lt;m&gt;/configuration.nix"</c>, and
    /// interpolating a path literal to a subfolder copies that subfolder to a store path of its own
    /// (measured, Nix 2.26 and 2.34). A relative import out of the clan's directory would then leave
    /// the copy (<c>access to absolute path '/nix/store/modules' is forbidden</c>); such files import
    /// the flake's own files through the <c>self</c> module argument clan passes (module.nix:
    /// <c>specialArgs.self = mkDefault config.self</c>), which keys them as the flake-parts modules' imports do.
    /// </summary>
    private static bool InCopiedDirectory(ClanCase c, string directory) =>
        c.Layout is { } layout && (directory + "/").StartsWith(layout.Directory + "/machines/", StringComparison.Ordinal);

    /// <summary>An import of the flake's file <paramref name="target"/> from a module in <paramref name="fromDir"/>.</summary>
    private static string Import(ClanCase c, string fromDir, string target) =>
        // target is one of ModulePaths' (module ids are [a-z][a-z0-9-]*): nothing in it needs escaping.
        InCopiedDirectory(c, fromDir) ? $"\"${{self}}/{target}\"" : RelativePath(fromDir, target);

    private static string RelativePath(string fromDir, string target)
    {
        var relative = Path.GetRelativePath(fromDir, target).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) ? relative : "./" + relative;
    }
}
