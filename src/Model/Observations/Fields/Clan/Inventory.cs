using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clan.inventory.machines</c> as <c>{ name = { machineClass; tags; }; }</c>.</summary>
    public static readonly ClanField Inventory = new()
    {
        Name = nameof(Inventory),
        Doc = "clan.inventory.machines as { <name> = { machineClass; tags; }; }: machines from every source, their class and tags",
        Words = "inventory (its machines with their class and tags)",
        Observes = ["inventory.machines.<machine>.machineClass", "inventory.machines.<machine>.tags", "inventory.tags", "machines"],
        Aspect = Aspect.Inventory,
        Areas = AreaSet(FocusArea.Inventory),
        Read = Read.Flake("clan.inventory.machines").MapValues(m => m.Pick("machineClass", "tags")),
        Predict = ClassFiltered(inventory =>
        {
            var obj = new JsonObject();
            foreach (var m in inventory.Machines)
                obj[m] = new JsonObject
                {
                    ["machineClass"] = inventory.Classes[m].ToNix(),
                    ["tags"] = JsonValues.Strings(inventory.Tags[m]),
                };
            return Outcome.Value(obj, "machines from clan.machines, inventory (Nix, JSON) and machines/<name>/; tags: Nix, JSON, then computed (sorted), unique");
        }),
    };
}
