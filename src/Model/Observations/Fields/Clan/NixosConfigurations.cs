using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>attrNames nixosConfigurations</c>.</summary>
    public static readonly ClanField NixosConfigurations = new()
    {
        Name = nameof(NixosConfigurations),
        Doc = "attrNames nixosConfigurations: the machines whose machineClass is nixos (the default)",
        Words = "`nixosConfigurations`",
        Observes = ["nixosConfigurations", "inventory.machines.<machine>.machineClass"],
        Aspect = Aspect.Outputs,
        Areas = AreaSet(FocusArea.Classes, FocusArea.Inventory),
        Read = Read.Flake("nixosConfigurations").Or(new System.Text.Json.Nodes.JsonObject()).Names(),
        Predict = ClassFiltered(inventory => Outcome.Value(
            JsonValues.Strings(inventory.Machines.Where(m => inventory.Classes[m] == MachineClass.Nixos)),
            "machines whose machineClass is nixos (default)")),
    };
}
