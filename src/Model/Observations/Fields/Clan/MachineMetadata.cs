using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clan.inventory.machines.&lt;m&gt;</c>'s metadata and deploy settings, from the Nix inventory and <c>inventory.json</c>.</summary>
    public static readonly ClanField MachineMetadata = new()
    {
        Name = nameof(MachineMetadata),
        Doc = "clan.inventory.machines.<m>.{name, description, icon, installedAt, deploy.{targetHost, buildHost, forwardAgent}}: the Nix inventory's and inventory.json's definitions merged (equal or conflicting), defaults otherwise",
        Words = "the machines' metadata and `deploy` settings in the inventory",
        Observes = ["inventory.machines.<machine>.name", "inventory.machines.<machine>.description", "inventory.machines.<machine>.icon",
            "inventory.machines.<machine>.installedAt", "inventory.machines.<machine>.deploy.targetHost",
            "inventory.machines.<machine>.deploy.buildHost", "inventory.machines.<machine>.deploy.forwardAgent"],
        Aspect = Aspect.Deploy,
        Areas = AreaSet(FocusArea.Meta, FocusArea.Deploy, FocusArea.Inventory),
        Read = Read.Flake("clan.inventory.machines").MapValues(m => m.Pick("name", "description", "icon", "installedAt", "deploy")),
        Predict = inventory =>
        {
            var obj = new JsonObject();
            foreach (var name in inventory.Machines)
            {
                var (value, error) = InventoryMeta.Machine(inventory.Case.Machines.First(m => m.Name == name));
                if (error is not null) return Outcome.Fails(error);
                obj[name] = value;
            }
            return Outcome.Value(obj, "inventory.nix: name defaults to the attribute name, the rest to null; the Nix inventory's and inventory.json's definitions merge (mergeEqualOption)");
        },
    };
}
