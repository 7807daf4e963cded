using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>
    /// <c>config.conformance.serviceOrder</c>: one entry per module the machine got from a clan
    /// service the case defines (perMachine, perInstance, extraModules), in merge order.
    /// </summary>
    public static readonly MachineField ServiceOrder = new()
    {
        Name = nameof(ServiceOrder),
        Doc = "config.conformance.serviceOrder: one entry per module the machine got from the case's services (perMachine, perInstance, extraModules), in merge order",
        Words = "the order of the modules the machine got from services",
        Observes = ["clan.modules.<service>.roles.<role>.perInstance", "clan.modules.<service>.perMachine", "inventory.instances.<instance>.roles.<role>.extraModules"],
        Aspect = Aspect.Services,
        Areas = AreaSet(FocusArea.Services, FocusArea.ModuleOrder),
        InInternals = true,
        // Declared by the modules the case's services give the machine (none: no entries).
        Read = Read.Config("conformance.serviceOrder").Or(new System.Text.Json.Nodes.JsonArray()),
        Predict = m => Semantics.MachineEvaluation.FromList(m.ServiceOrder()),
    };
}
