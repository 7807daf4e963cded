using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.clan.core.settings.{name, machine.name}</c>: what clan's forName.nix tells the machine about itself.</summary>
    public static readonly MachineField ClanSettings = new()
    {
        Name = nameof(ClanSettings),
        Doc = "config.clan.core.settings.{name, machine.name}: what clan's forName.nix tells the machine about its clan and itself",
        Words = "`clan.core.settings` (name, machine.name)",
        Observes = ["clan.core.settings.name", "clan.core.settings.machine.name"],
        Aspect = Aspect.MachineArgs,
        Areas = AreaSet(FocusArea.Inventory),
        Read = Read.Record(("name", Read.Config("clan.core.settings.name")), ("machine", Read.Config("clan.core.settings.machine.name"))),
        // meta is inventory.meta: a name inventory.json defines differently fails it.
        Predict = m => Semantics.InventoryMeta.Of(m.Case)["name"].Error is { } conflict
            ? Outcome.Fails(conflict)
            : Outcome.Value(new JsonObject { ["name"] = m.Case.ClanName, ["machine"] = m.Machine.Name },
                "clan-core forName.nix: clan.core.settings.name = meta.name; machine.name = the machine's attribute name"),
    };
}
