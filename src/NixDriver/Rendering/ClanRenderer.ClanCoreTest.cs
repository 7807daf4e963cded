using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Semantics;

namespace Conformance.NixDriver.Rendering;

/// <summary>Which of clan-core's nix-unit suites a test belongs to (both collected by its eval checks via <c>clanLib.test.mkEvalCheck</c>).</summary>
public enum ClanCoreSuite
{
    /// <summary><c>lib/tests.nix</c> (<c>legacyPackages.&lt;system&gt;.evalTests-build-clan</c>): whole clans built with <c>clan-core.clanLib.clan</c>, machines included.</summary>
    Clan,

    /// <summary><c>lib/inventory/distributed-service/tests</c> (<c>legacyPackages.&lt;system&gt;.evalTests-distributedServices</c>): services through <c>createTestClan</c>.</summary>
    Services,
}

/// <summary>
/// One test as clan-core writes its own: a file of its suite, <c>{ lib, … }: { test_NAME = let … in { expr = …; expected = …; }; }</c>,
/// that the suite's <c>default.nix</c>/<c>tests.nix</c> imports under <see cref="Name"/> (<see cref="Registration"/>).
/// </summary>
/// <param name="Path">Where the file goes in clan-core's tree.</param>
/// <param name="Registration">The line the suite's entry file gets: <c>NAME = import ./FILE { … };</c>.</param>
/// <param name="TestAttribute">The attribute of the test inside the file (<c>test_…</c>): nix-unit runs attributes starting with <c>test</c>.</param>
public sealed record ClanCoreTest(ClanCoreSuite Suite, string Name, string Path, string Text, string Registration, string TestAttribute)
{
    /// <summary>When the test expects an error (nix-unit's <c>expectedError</c>): the pattern its message must contain.</summary>
    public string? ExpectedErrorPattern { get; init; }

    /// <summary>The suite's entry file, which imports every test file of the suite.</summary>
    public string EntryFile => Suite == ClanCoreSuite.Clan ? "lib/tests.nix" : "lib/inventory/distributed-service/tests/default.nix";

    /// <summary>The flake attribute (under <c>legacyPackages.&lt;system&gt;</c>) that clan-core's eval check runs nix-unit on.</summary>
    public string CheckAttribute => Suite == ClanCoreSuite.Clan ? "evalTests-build-clan" : "evalTests-distributedServices";

    /// <summary>
    /// What <see cref="CheckAttribute"/> is, given clan-core's flake as <c>clan-core</c>: its flake
    /// module imports the suite's entry file with these arguments (<c>lib/flake-module.nix</c>,
    /// <c>lib/inventory/distributed-service/flake-module.nix</c> at the pin).
    /// </summary>
    public string SuiteExpression(string clanCore) => Suite == ClanCoreSuite.Clan
        ? $"import \"${{{clanCore}}}/lib/tests.nix\" {{ inherit (clan-core.inputs.nixpkgs) lib; clan-core = {clanCore}; }}"
        : $"import \"${{{clanCore}}}/lib/inventory/distributed-service/tests\" {{ inherit (clan-core.inputs.nixpkgs) lib; clanLib = {clanCore}.clanLib; }}";
}

/// <summary>The case cannot be written as one of clan-core's own tests; the message says what part and what to do.</summary>
public sealed class ClanCoreTestException(string message) : Exception(message);

public static partial class ClanRenderer
{
    /// <summary>
    /// A case and one field as a test in clan-core's own shape: the clan written inline as
    /// clan-core's tests write theirs (<c>clan { … }</c> in lib/tests.nix, <c>createTestClan { … }</c>
    /// for services), <c>expr</c> reading the field the way those tests read it, <c>expected</c> the
    /// value. No flake-parts, import-tree or probe modules: what they add is the harness's, so a case
    /// that needs them (a field only a probe shows, inventory.json, a module input, a pkgs definition)
    /// is refused with a <see cref="ClanCoreTestException"/> naming it. Definitions of the probe's own
    /// options are left out when the field does not read them: nothing else can see them.
    /// </summary>
    /// <param name="expectedError">Instead of <paramref name="expected"/>: a phrase the thrown error's message contains (nix-unit's <c>expectedError = { type = "ThrownError"; msg = …; }</c>, a regular expression; the phrase is escaped).</param>
    public static ClanCoreTest ClanCoreTest(ClanCase c, FieldKey key, string name, string comment, JsonNode? expected, string? expectedError = null)
    {
        if (!NixSyntax.IsBareIdentifier(name) || name.Contains('\'')) throw new ArgumentException($"'{name}' is not a plain Nix identifier", nameof(name));
        var services = key.Scope == Scope.Service;
        if (c.InputServices.Count > 0) throw Unsupported("services from flake inputs (inputServices)");
        if (c.StaticTags.Count > 0) throw Unsupported("static tags (inventory.tags)");
        if (c.SpecialArgs.Count > 0 || c.CoreReads.Count > 0) throw Unsupported("specialArgs and clan-core reads (they need the probe module)");
        if (c.Machines.Any(m => m.InventoryJson is not null)) throw Unsupported("inventory.json (a test has no directory of its own)");
        if (!services && c.PkgsForSystem.Mode is not (PkgsForSystemMode.Unset or PkgsForSystemMode.ClanOption))
            throw Unsupported($"pkgsForSystem given as {c.PkgsForSystem.Mode} (flake-parts' perSystem)");

        // Without flake-parts, pkgsForSystem is null for every system; with it (and nothing set) it is
        // perSystem's clan.pkgs, which a system outside `systems` lacks: only those copies differ.
        if (!services && c.PkgsForSystem.Mode == PkgsForSystemMode.Unset && key.Scope == Scope.Internals && !c.FlakeSystems.Contains(key.System!))
            throw Unsupported($"flake-parts' `systems` ({key.System} is not among them, which only a flake-parts clan shows)");
        var test = "test_" + name;
        var w = new NixWriter().Line("# " + comment.Replace("\n", " "));
        var root = services ? "res.config" : "eval.config";
        if (services)
            w.Line("{ lib, createTestClan, ... }:").Open("{").Open($"{test} =").Open("let").Open("res = createTestClan {");
        else
            w.Line("{ lib, clan-core }:").Open("let").Line("inherit (clan-core.clanLib) clan;").Close("in").Open("{").Open($"{test} =").Open("let").Open("eval = clan {")
             .Line("self = { inputs = { }; };").Line("directory = ./.;").Line($"meta.name = {NixSyntax.String("test")};");
        if (!services && c.PkgsForSystem.Mode == PkgsForSystemMode.ClanOption)
            w.Open("pkgsForSystem =").Line("system:")
             .Line($"if builtins.elem system {NixSyntax.StringList(c.PkgsForSystem.CustomSystems)} then")
             .Line("  import clan-core.inputs.nixpkgs {").Line("    inherit system;")
             .Line($"    overlays = [ {TestMarkerOverlay("(\"pfs:\" + system)")} ];")
             .Line("    config.custom.source = \"pkgsForSystem:\" + system;").Line("  }").Line("else").Line("  null;").Close("");
        foreach (var service in c.Services) w.Block(TestService(service));
        foreach (var machine in c.Machines.Where(m => m.InClanMachines))
        {
            var modules = services ? [] : MachineModules(c, machine, key);
            if (modules.Count == 0) { w.Line($"machines.{NixSyntax.AttrName(machine.Name)} = {{ }};"); continue; }
            w.Open($"machines.{NixSyntax.AttrName(machine.Name)} = {{");
            if (modules.Count == 1) w.Block(modules[0]);
            else
            {
                w.Open("imports = [");
                foreach (var module in modules) w.Open("{").Block(module).Close("}");
                w.Close("];");
            }
            w.Close("};");
        }
        foreach (var machine in c.Machines.Where(m => m.InventoryNix is not null))
        {
            var entry = machine.InventoryNix!;
            var parts = new List<string>();
            if (entry.Class is { } cls) parts.Add($"machineClass = {NixSyntax.String(cls.ToString().ToLowerInvariant())};");
            if (entry.Tags.Count > 0) parts.Add($"tags = {NixSyntax.StringList(entry.Tags)};");
            w.Line($"inventory.machines.{NixSyntax.AttrName(machine.Name)} = {(parts.Count == 0 ? "{ }" : "{ " + string.Join(" ", parts) + " }")};");
        }
        foreach (var instance in c.Instances)
        {
            if (instance.Module is null) throw Unsupported($"instance {instance.Name} of the harness's probe service");
            if (instance.Roles.Any(r => r.ExtraModules.Count > 0)) throw Unsupported($"extraModules of instance {instance.Name}");
            if (instance.Roles.Any(r => new[] { r.Settings }.Concat(r.MachineSettings.Select(m => m.Settings)).Concat(r.TagSettings.Select(t => t.Settings))
                    .Any(spec => spec?.Definitions.Any(d => d.Fault != SettingsFault.None) == true)))
                throw Unsupported($"a deliberately broken settings module in instance {instance.Name}");
            // The instance as the harness renders it, under inventory.instances.
            var text = Instance(instance).Split('\n');
            w.Line("inventory.instances." + text[0]);
            foreach (var line in text[1..]) w.Line(line);
        }
        w.Close("};").Close("in").Open("{")
         .Line($"expr = {TestExpression(c, key, root)};")
         .Line(expectedError is null ? $"expected = {NixUnitExport.Value(expected)};"
             : $"expectedError = {{ type = \"ThrownError\"; msg = {NixSyntax.String(RegexEscape(expectedError))}; }};")
         .Close("};")
         .Close("");
        // The attribute `test_… =` holds its let-in without a token of its own to close: the blank line that leaves goes.
        var file = string.Join('\n', w.Close("}").ToString().Split('\n').Where(l => l.Trim().Length > 0)) + "\n";
        return (services
            ? new ClanCoreTest(ClanCoreSuite.Services, name, $"lib/inventory/distributed-service/tests/{name}.nix", file,
                $"{name} = import ./{name}.nix {{ inherit lib createTestClan; }};", test)
            : new ClanCoreTest(ClanCoreSuite.Clan, name, $"lib/{name}_test.nix", file,
                $"{name} = import ./{name}_test.nix {{ inherit lib clan-core; }};", test)) with { ExpectedErrorPattern = expectedError is null ? null : RegexEscape(expectedError) };
    }

    /// <summary>A phrase as a regular expression matching itself (nix-unit matches <c>msg</c> as one).</summary>
    private static string RegexEscape(string phrase) =>
        string.Concat(phrase.Select(ch => "\\^$.|?*+()[]{}".Contains(ch) ? "\\" + ch : ch.ToString()));

    private static ClanCoreTestException Unsupported(string what) =>
        new($"the case uses {what}, which clan-core's own test shape does not express here; shrink the case without it, or use export --nix-unit's flake-parts form");

    /// <summary>A service module as clan-core's tests write one: its manifest and roles, each with its settings interface.</summary>
    private static string TestService(ServiceSpec service)
    {
        var w = new NixWriter().Open($"modules.{NixSyntax.AttrName(service.Name)} = {{")
            .Line("_class = \"clan.service\";")
            .Line($"manifest.name = {NixSyntax.String(service.Manifest)};");
        if (service.Readme) w.Line("manifest.readme = \"\";");
        foreach (var role in service.Roles)
        {
            if (role.Extend is not null) throw Unsupported($"extendSettings in role {role.Name}");
            if (role.Interface.Count == 0 && role.Description is null) { w.Line($"roles.{NixSyntax.AttrName(role.Name)} = {{ }};"); continue; }
            w.Open($"roles.{NixSyntax.AttrName(role.Name)} = {{");
            if (role.Description is { } description) w.Line($"description = {NixSyntax.String(description)};");
            if (role.Interface.Count > 0)
            {
                if (role.Interface.Any(o => o.MetaDefault is not null)) throw Unsupported($"settings defaults read from meta in role {role.Name}");
                w.Open("interface =").Line("{ lib, ... }:").Open("{");
                foreach (var option in role.Interface)
                    w.Line($"options.{NixSyntax.AttrName(option.Name)} = lib.mkOption {{ type = {TypeOf(option.Type)};{(option.Default is { } d ? $" default = {Value(d)};" : "")} }};");
                w.Close("};").Close("");
            }
            w.Close("};");
        }
        return string.Join('\n', w.Close("};").ToString().Split('\n').Where(l => l.Trim().Length > 0));
    }

    /// <summary>
    /// The machine's modules, each as the body of an attribute set, in import order: its imported
    /// modules (recursively, imports first as lib.modules orders them is the module system's business: they are listed as imports) and its directory's configuration.
    /// </summary>
    private static IReadOnlyList<string> MachineModules(ClanCase c, MachineSpec machine, FieldKey key)
    {
        var bodies = new List<string>();
        foreach (var id in machine.Imports) bodies.Add(TestModule(c, c.FindModule(id) ?? throw new InvalidCaseException($"machine {machine.Name} imports unknown module {id}"), key));
        if (machine.Directory?.Configuration is { } configuration) bodies.Add(TestModule(c, configuration, key));
        return bodies.Where(b => b.Length > 0).ToList();
    }

    private static string TestModule(ClanCase c, ModuleSpec module, FieldKey key)
    {
        var lines = new List<string>();
        if (module.Class != ModuleClass.Generic) lines.Add($"_class = {NixSyntax.String(module.Class.ToString().ToLowerInvariant())};");
        var imports = module.Imports.Select(id => TestModule(c, c.FindModule(id) ?? throw new InvalidCaseException($"module {module.Id} imports unknown module {id}"), key))
            .Where(b => b.Length > 0).ToList();
        if (imports.Count > 0) lines.Add("imports = [ " + string.Join(" ", imports.Select(b => "{ " + b.Replace("\n", " ") + " }")) + " ];");
        foreach (var d in module.Definitions)
        {
            // The probe's options (conformance.*) exist only with the probe module: defined by nothing a
            // field reads but those same options, so they are dropped unless the field reads them.
            if (d is ScalarDef or UniqueDef or ListDef)
            {
                if (key.MachineField == MachineField.Scalar || key.MachineField == MachineField.Unique || key.MachineField == MachineField.List) throw Unsupported("the probe's options (conformance.*)");
                continue;
            }
            var value = d switch
            {
                HostNameDef h => NixSyntax.String(h.Value),
                HostPlatformDef h => NixSyntax.String(h.System),
                NixpkgsConfigDef n => n.Entries.Count == 0 ? "{ }" : "{ custom = { " + string.Concat(n.Entries.Select(e => $"{NixSyntax.AttrName(e.Key)} = {NixSyntax.String(e.Value)}; ")) + "}; }",
                OverlayDef o => $"[ {TestMarkerOverlay(NixSyntax.String(o.Id))} ]",
                _ => throw Unsupported($"a {d.GetType().Name} definition"),
            };
            var order = d switch { OverlayDef o => o.Order, _ => Order.Plain };
            value = Wrapped(value, order, d.Priority);
            if (d.Condition is { } condition) value = $"lib.mkIf {(condition ? "true" : "false")} {Argument(value)}";
            lines.Add($"{d.OptionPath} = {value};");
        }
        return string.Join("\n", lines);
    }

    /// <summary>An overlay that appends an id to <c>trail</c>, so the order overlays ran in can be read back.</summary>
    private static string TestMarkerOverlay(string idExpression) => $"(final: prev: {{ trail = (prev.trail or [ ]) ++ [ {idExpression} ]; }})";

    /// <summary><c>expr</c>: the field read from the evaluated clan (<paramref name="root"/>) the way clan-core's tests read it.</summary>
    private static string TestExpression(ClanCase c, FieldKey key, string root)
    {
        if (key.Scope == Scope.Service)
        {
            var service = $"{root}._services.allServices.{NixSyntax.AttrName(key.Service ?? "")}";
            var instance = key.Instance is null ? "" : $"{service}.instances.{NixSyntax.AttrName(key.Instance)}";
            return key.ServiceField?.Name switch
            {
                nameof(ServiceField.Services) => $"lib.attrNames {root}._services.allServices",
                nameof(ServiceField.Members) => $"lib.attrNames {service}.result.allMachines",
                nameof(ServiceField.Instances) => $"lib.attrNames {service}.instances",
                nameof(ServiceField.Manifest) => $"{service}.manifest.name",
                nameof(ServiceField.Membership) => $"lib.mapAttrs (_: role: lib.attrNames role.machines) {instance}.roles",
                nameof(ServiceField.RoleSettings) => $"{instance}.roles.{NixSyntax.AttrName(key.Role!)}.finalSettings.config",
                // What perInstance receives as `settings` (service-module.nix passes exactly this), read as clan-core's settings test reads it.
                nameof(ServiceField.Settings) => $"{instance}.roles.{NixSyntax.AttrName(key.Role!)}.machines.{NixSyntax.AttrName(key.Machine!)}.finalSettings.config",
                var other => throw Unsupported($"the field {other}, which only the harness's probe module shows"),
            };
        }
        if (key.Scope == Scope.Clan)
            return key.ClanField?.Name switch
            {
                nameof(ClanField.NixosConfigurations) => $"lib.attrNames {root}.nixosConfigurations",
                nameof(ClanField.DarwinConfigurations) => $"lib.attrNames {root}.darwinConfigurations",
                nameof(ClanField.NixosModules) => $"lib.attrNames {root}.nixosModules",
                nameof(ClanField.InternalsSystems) => $"lib.attrNames {root}.clanInternals.machines",
                nameof(ClanField.Inventory) => $"lib.mapAttrs (_: m: {{ inherit (m) machineClass tags; }}) {root}.inventory.machines",
                var other => throw Unsupported($"the field {other}"),
            };
        var darwin = new Inventory(c).Classes.TryGetValue(key.Machine!, out var cls) && cls == MachineClass.Darwin;
        var machine = key.Scope == Scope.Internals
            ? $"{root}.clanInternals.machines.{NixSyntax.AttrName(key.System!)}.{NixSyntax.AttrName(key.Machine!)}"
            : $"{root}.{(darwin ? "darwinConfigurations" : "nixosConfigurations")}.{NixSyntax.AttrName(key.Machine!)}";
        return key.MachineField?.Name switch
        {
            nameof(MachineField.HostName) => $"{machine}.config.networking.hostName",
            nameof(MachineField.HostPlatform) => $"{machine}.config.nixpkgs.hostPlatform.system",
            // The module argument: present on nixosSystem, darwinSystem and extendModules results alike.
            nameof(MachineField.PkgsSystem) => $"{machine}._module.args.pkgs.stdenv.hostPlatform.system",
            nameof(MachineField.BuildPlatform) => $"{machine}._module.args.pkgs.stdenv.buildPlatform.system",
            nameof(MachineField.PkgsConfig) => $"{machine}._module.args.pkgs.config.custom or {{ }}",
            nameof(MachineField.NixpkgsConfig) => $"{machine}.config.nixpkgs.config.custom or {{ }}",
            nameof(MachineField.Trail) => $"{machine}._module.args.pkgs.trail or [ ]",
            var other => throw Unsupported($"the field {other}, which only the harness's probe module shows"),
        };
    }
}
