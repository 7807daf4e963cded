using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>attrNames nixosModules</c> (clan exports <c>clan-machine-&lt;name&gt;</c>).</summary>
    public static readonly ClanField NixosModules = new()
    {
        Name = nameof(NixosModules),
        Doc = "attrNames nixosModules: clan exports nixosModules.clan-machine-<name> for each nixos machine",
        Words = "`nixosModules`",
        Observes = ["nixosModules"],
        Aspect = Aspect.Outputs,
        Areas = AreaSet(FocusArea.Classes, FocusArea.Inventory),
        Read = Read.Flake("nixosModules").Or(new System.Text.Json.Nodes.JsonObject()).Names(),
        Predict = ClassFiltered(inventory => Outcome.Value(
            JsonValues.Strings(NixOrder.Sort(inventory.Machines.Where(m => inventory.Classes[m] == MachineClass.Nixos).Select(m => "clan-machine-" + m))),
            "clan exports nixosModules.clan-machine-<name> for each nixos machine")),
    };
}
