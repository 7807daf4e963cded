using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>attrNames darwinConfigurations</c>.</summary>
    public static readonly ClanField DarwinConfigurations = new()
    {
        Name = nameof(DarwinConfigurations),
        Doc = "attrNames darwinConfigurations: the machines whose machineClass is darwin",
        Words = "`darwinConfigurations`",
        Observes = ["darwinConfigurations", "inventory.machines.<machine>.machineClass"],
        Aspect = Aspect.Outputs,
        Areas = AreaSet(FocusArea.Classes, FocusArea.Inventory),
        Read = Read.Flake("darwinConfigurations").Or(new System.Text.Json.Nodes.JsonObject()).Names(),
        Predict = ClassFiltered(inventory => Outcome.Value(
            JsonValues.Strings(inventory.Machines.Where(m => inventory.Classes[m] == MachineClass.Darwin)),
            "machines whose machineClass is darwin")),
    };
}
