using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clan.inventory.instances</c> as data: each instance's module and its roles' machine and tag names, from the Nix inventory and <c>inventory.json</c>.</summary>
    public static readonly ClanField Instances = new()
    {
        Name = nameof(Instances),
        Doc = "clan.inventory.instances as { <i> = { module = { name; input; }; roles.<r> = { machines = attrNames; tags = attrNames; }; }; }: the Nix inventory's and inventory.json's definitions merged",
        Words = "`inventory.instances` (modules, roles, members)",
        Observes = ["inventory.instances", "inventory.instances.<instance>.module.name", "inventory.instances.<instance>.module.input",
            "inventory.instances.<instance>.roles.<role>.machines", "inventory.instances.<instance>.roles.<role>.tags"],
        Aspect = Aspect.Inventory,
        Areas = AreaSet(FocusArea.Inventory, FocusArea.Roles),
        Read = Read.Flake("clan.inventory.instances").MapValues(i => Read.Record(
            ("module", i.At("module")),
            ("roles", i.At("roles").MapValues(r => Read.Record(("machines", r.At("machines").Names()), ("tags", r.At("tags").Names())))))),
        Predict = inventory =>
        {
            var obj = new JsonObject();
            foreach (var instance in inventory.Case.Instances.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var roles = new JsonObject();
                foreach (var role in instance.Roles.OrderBy(r => r.Role, StringComparer.Ordinal))
                    roles[role.Role] = new JsonObject
                    {
                        ["machines"] = JsonValues.Strings(NixOrder.Sort(role.Machines.Concat(role.MachineSettings.Select(s => s.Target)).Distinct())),
                        ["tags"] = JsonValues.Strings(NixOrder.Sort(role.Tags.Concat(role.TagSettings.Select(s => s.Target)).Distinct())),
                    };
                obj[instance.Name] = new JsonObject
                {
                    ["module"] = new JsonObject { ["input"] = instance.ModuleOrProbe.Input, ["name"] = instance.ModuleOrProbe.Name },
                    ["roles"] = roles,
                };
            }
            return Outcome.Value(obj, "inventory.nix: instances are attrsOf submodules; the Nix inventory's and inventory.json's definitions of one instance merge (roles' machines and tags as attribute sets, a tag list coerced)");
        },
    };
}
