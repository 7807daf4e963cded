using Conformance.Model.Cases;
using Conformance.Model.Semantics;
using Conformance.Model.Services;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Clan services of a case: the services it defines (<c>clan.modules</c>, or services of mocked
/// flake inputs), and the instances of them in the inventory. Every service is written as a probe
/// a maintainer can read: perInstance and perMachine return their arguments in an option named
/// <c>conformance</c>, and every module a machine gets from a service adds an entry to its
/// <c>conformance.serviceOrder</c>.
/// </summary>
public static partial class ClanRenderer
{
    private const string ServicesFile = "modules/clan/clan-services.nix";
    private const string InstancesFile = "modules/clan/service-instances.nix";
    private const string MockedInputsFile = "modules/clan/mocked-inputs.nix";

    private static void RenderServices(ClanCase c, IDictionary<string, string> files)
    {
        var instances = c.Instances.Where(i => !ServiceModel.IsProbe(i.ModuleOrProbe)).ToList();
        if (c.Services.Count == 0 && c.InputServices.Count == 0 && instances.Count == 0) return;
        files[ModulePaths.ServiceOrderOption] = EmbeddedNix.Read("service-order.nix");
        if (c.Services.Count > 0)
        {
            var w = ServiceFileHeader("# The clan's own services (clan.modules), reached with module.input = \"self\".");
            foreach (var service in c.Services)
                w.Block($"clan.modules.{NixSyntax.AttrName(service.Name)} = {Service(service, new ModuleRef(service.Name, ModuleRef.Self).ServiceId)};");
            files[ServicesFile] = w.Close("}").ToString();
        }
        if (c.InputServices.Count > 0)
        {
            var w = new NixWriter()
                .Line("# Flake inputs that provide clan services, mocked the way clan-core's own tests do: clan.self's")
                .Line("# inputs are what module.input names (clan-core adds inputs.self itself).")
                .Line("{ self, lib, ... }:")
                .Open("let")
                .Line($"order = entry: {{ imports = [ {RelativePath("modules/clan", ModulePaths.ServiceOrderOption)} ]; conformance.serviceOrder = [ entry ]; }};")
                .Close("in")
                .Open("{")
                .Open("clan.self = self // {")
                .Open("inputs = self.inputs // {");
            foreach (var input in c.InputServices)
            {
                w.Open($"{NixSyntax.AttrName(input.Input)}.clan.modules = {{");
                foreach (var service in input.Services)
                    w.Block($"{NixSyntax.AttrName(service.Name)} = {Service(service, new ModuleRef(service.Name, input.Input).ServiceId)};");
                w.Close("};");
            }
            files[MockedInputsFile] = w.Close("};").Close("};").Close("}").ToString();
        }
        if (instances.Count > 0)
        {
            var w = ServiceFileHeader("# Instances of the services (the probe service's instances are in inventory.nix).")
                .Open("clan.inventory.instances = {");
            foreach (var instance in instances) w.Block(Instance(instance));
            files[InstancesFile] = w.Close("};").Close("}").ToString();
        }
    }

    private static NixWriter ServiceFileHeader(string comment) =>
        new NixWriter()
            .Line(comment)
            .Line("{ lib, ... }:")
            .Open("let")
            .Line("# A module adding its entry to conformance.serviceOrder (declared once, by path).")
            .Line($"order = entry: {{ imports = [ {RelativePath("modules/clan", ModulePaths.ServiceOrderOption)} ]; conformance.serviceOrder = [ entry ]; }};")
            .Close("in")
            .Open("{");

    /// <summary>A service module (needs <c>lib</c> and <c>order</c> in scope). <paramref name="id"/> names it in serviceOrder entries.</summary>
    private static string Service(ServiceSpec service, string id)
    {
        var w = new NixWriter()
            .Line("{ specialArgs, ... }:")
            .Open("{")
            .Line("_class = \"clan.service\";")
            .Line("# What the module system passes this module beyond its own arguments.")
            .Line("options.conformance.specialArgs = lib.mkOption { type = lib.types.raw; default = builtins.attrNames specialArgs; };")
            .Open("config = {")
            .Line($"manifest.name = {NixSyntax.String(service.Manifest)};");
        if (service.Readme) w.Line($"manifest.readme = {NixSyntax.String($"{service.Name}: a clan-conformance probe service")};");
        if (service.Constraints is { } constraints)
        {
            if (constraints.MaxInstances is { } max) w.Line($"manifest.constraints.maxInstances = {max};");
            foreach (var rc in constraints.Roles)
            {
                var attrs = (rc.MinMachines is { } min ? $"minMachines = {min}; " : "") + (rc.MaxMachines is { } mx ? $"maxMachines = {mx}; " : "");
                w.Line($"manifest.constraints.roles.{NixSyntax.AttrName(rc.Role)} = {{ {attrs}}};");
            }
        }
        foreach (var role in service.Roles) w.Block(Role(role, id));
        var perMachineEntry = NixSyntax.String(ServiceModules.PerMachineEntry(id));
        w.Open("perMachine = { instances, machine, ... }: {")
         .Line("options.conformance = lib.mkOption { type = lib.types.raw; default = { inherit instances machine; }; };")
         .Line($"config.nixosModule = order {perMachineEntry};")
         .Line($"config.darwinModule = order {perMachineEntry};")
         .Close("};");
        return w.Close("};").Close("}").ToString().TrimEnd('\n');
    }

    private static string Role(ServiceRoleSpec role, string id)
    {
        var w = new NixWriter().Open($"roles.{NixSyntax.AttrName(role.Name)} = {{");
        if (role.Description is { } description) w.Line($"description = {NixSyntax.String(description)};");
        if (role.Interface.Count > 0)
        {
            var usesMeta = role.Interface.Any(o => o.MetaDefault is not null);
            w.Open($"interface = {{ lib, {(usesMeta ? "meta, " : "")}... }}: {{");
            foreach (var option in role.Interface)
            {
                var defaultValue = option.MetaDefault switch
                {
                    MetaField.Name => " default = \"svc.${meta.name}\";",
                    MetaField.Domain => " default = \"svc.${meta.domain}\";",
                    _ => option.Default is { } d ? $" default = {Value(d)};" : "",
                };
                w.Line($"options.{NixSyntax.AttrName(option.Name)} = lib.mkOption {{ type = {TypeOf(option.Type)};{defaultValue} }};");
            }
            w.Close("};");
        }
        var entry = $"{NixSyntax.String(id + "/")} + instanceName + {NixSyntax.String("/" + role.Name)}";
        w.Open("perInstance = { instanceName, roles, machine, settings, extendSettings, meta, ... }: {")
         .Open("options.conformance = lib.mkOption {")
         .Line("type = lib.types.raw;")
         .Open("default = {")
         .Line("inherit instanceName roles machine settings meta;");
        if (role.Extend is { } extend) w.Line($"extended = extendSettings {SettingsDefinition(extend.Definitions[0])};");
        w.Close("};")
         .Close("};")
         .Line($"config.nixosModule = order ({entry});")
         .Line($"config.darwinModule = order ({entry});")
         .Close("};");
        return w.Close("};").ToString().TrimEnd('\n');
    }

    private static string Instance(InstanceSpec instance)
    {
        var module = instance.Module!;
        var w = new NixWriter()
            .Open($"{NixSyntax.AttrName(instance.Name)} = {{");
        // module.name defaults to the instance's name: written only when it differs.
        if (module.Name != instance.Name) w.Line($"module.name = {NixSyntax.String(module.Name)};");
        w.Line($"module.input = {(module.Input is null ? "null" : NixSyntax.String(module.Input))};");
        foreach (var role in instance.Roles)
        {
            w.Open($"roles.{NixSyntax.AttrName(role.Role)} = {{");
            foreach (var machine in role.Machines.Distinct())
                w.Line($"machines.{NixSyntax.AttrName(machine)} = {(role.SettingsOfMachine(machine) is { } s ? $"{{ settings = {Settings(s)}; }}" : "{ }")};");
            if (role.TagsAsAttrs)
            {
                if (role.Tags.Count == 0) w.Line("tags = { };");
                foreach (var tag in role.Tags)
                    w.Line($"tags.{NixSyntax.AttrName(tag)} = {(role.SettingsOfTag(tag) is { } s ? $"{{ settings = {Settings(s)}; }}" : "{ }")};");
            }
            else if (role.Tags.Count > 0) w.Line($"tags = {NixSyntax.StringList(role.Tags)};");
            if (role.Settings is { } settings) w.Line($"settings = {Settings(settings)};");
            if (role.ExtraModules.Count > 0)
                w.Line($"extraModules = [ {string.Concat(role.ExtraModules.Select(l => $"(order {NixSyntax.String(ServiceModules.ExtraModuleEntry(l))}) "))}];");
            w.Close("};");
        }
        return w.Close("};").ToString().TrimEnd('\n');
    }

    /// <summary>A settings option's value: one definition, or several as <c>lib.mkMerge</c>.</summary>
    private static string Settings(SettingsSpec spec) =>
        spec.Definitions.Count == 1
            ? SettingsDefinition(spec.Definitions[0])
            : $"lib.mkMerge [ {string.Join(" ", spec.Definitions.Select(d => Argument(SettingsDefinition(d))))} ]";

    private static string SettingsDefinition(SettingsDefinition definition)
    {
        var parts = new List<string>();
        if (definition.Fault == SettingsFault.Imports) parts.Add("imports = [ ];");
        parts.AddRange(definition.Values.Select(v => $"{NixSyntax.AttrName(v.Option)} = {Wrapped(Value(v.Value), v.Order, v.Priority)};"));
        if (definition.Fault == SettingsFault.Function) parts.Add("conformanceFunction = _: null;");
        var attrs = parts.Count == 0 ? "{ }" : "{ " + string.Join(" ", parts) + " }";
        return Wrapped(attrs, Order.Plain, definition.Priority);
    }

    /// <summary>A value wrapped in <c>lib.mkOrder</c> (inner) and <c>lib.mkOverride</c> (outer) when they are not plain.</summary>
    private static string Wrapped(string value, Order order, Priority priority)
    {
        value = order.Form switch
        {
            OrderForm.Plain => value,
            OrderForm.Before => $"lib.mkBefore {Argument(value)}",
            OrderForm.After => $"lib.mkAfter {Argument(value)}",
            _ => $"lib.mkOrder {order.Custom} {Argument(value)}",
        };
        return priority.Form switch
        {
            PriorityForm.Plain => value,
            PriorityForm.Force => $"lib.mkForce {Argument(value)}",
            PriorityForm.Default => $"lib.mkDefault {Argument(value)}",
            PriorityForm.OptionDefault => $"lib.mkOptionDefault {Argument(value)}",
            _ => $"lib.mkOverride {priority.Custom} {Argument(value)}",
        };
    }

    private static string Value(SettingValue value) => value switch
    {
        StrValue s => NixSyntax.String(s.Value),
        IntValue i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BoolValue b => b.Value ? "true" : "false",
        NullValue => "null",
        ListValue l => NixSyntax.StringList(l.Items),
        AttrsValue a => a.Entries.Count == 0 ? "{ }" : "{ " + string.Concat(a.Entries.Select(e => $"{NixSyntax.AttrName(e.Key)} = {NixSyntax.String(e.Value)}; ")) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static string TypeOf(OptionType type) => type switch
    {
        OptionType.Str => "lib.types.str",
        OptionType.Int => "lib.types.int",
        OptionType.Bool => "lib.types.bool",
        OptionType.ListOfStr => "lib.types.listOf lib.types.str",
        OptionType.AttrsOfStr => "lib.types.attrsOf lib.types.str",
        _ => "lib.types.nullOr lib.types.str",
    };
}
