using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary>The shape of <c>clanInternals.inventoryClass.inventorySerialization</c>, what the clan CLI reads and writes back to inventory.json.</summary>
    public static readonly ClanField Serialization = new()
    {
        Name = nameof(Serialization),
        Doc = "the shape of clanInternals.inventoryClass.inventorySerialization: its keys (meta, machines, instances, tags), each machine's attribute names and each instance role's attribute names (extraModules removed)",
        Words = "the shape of `inventorySerialization`",
        Observes = ["clanInternals.inventoryClass.inventorySerialization"],
        Aspect = Aspect.Inventory,
        Areas = AreaSet(FocusArea.Inventory),
        Read = Read.Record(
            ("keys", Read.Flake("clan.clanInternals.inventoryClass.inventorySerialization").Names()),
            ("machines", Read.Flake("clan.clanInternals.inventoryClass.inventorySerialization.machines").MapValues(m => m.Names())),
            ("roles", Read.Flake("clan.clanInternals.inventoryClass.inventorySerialization.instances").MapValues(i => i.At("roles").MapValues(r => r.Names())))),
        Predict = inventory =>
        {
            var machines = new JsonObject();
            foreach (var m in inventory.Machines) machines[m] = JsonValues.Strings(MachineAttributes);
            var roles = new JsonObject();
            foreach (var instance in inventory.Case.Instances.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var r = new JsonObject();
                foreach (var role in instance.Roles.OrderBy(x => x.Role, StringComparer.Ordinal)) r[role.Role] = JsonValues.Strings(RoleAttributes);
                roles[instance.Name] = r;
            }
            return Outcome.Value(new JsonObject { ["keys"] = JsonValues.Strings(["instances", "machines", "meta", "tags"]), ["machines"] = machines, ["roles"] = roles },
                "inventoryClass/default.nix: intersectAttrs { meta machines instances tags } of the inventory, every instance role's extraModules filtered out");
        },
    };

    /// <summary>The options of an inventory machine (inventory.nix), as attrNames lists them.</summary>
    private static string[] MachineAttributes => ["deploy", "description", "icon", "installedAt", "machineClass", "name", "tags"];

    /// <summary>A role's options (role.nix) without extraModules, which the serialization removes.</summary>
    private static string[] RoleAttributes => ["machines", "settings", "tags"];
}
