using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>
    /// <c>config.conformance.coreReads</c>: the attributes of the <c>clan-core</c> module argument the
    /// machine's module read (<see cref="Cases.ClanCase.CoreReads"/>; empty for machines outside
    /// clan.machines). Reading them is what the core-warnings field hears about.
    /// </summary>
    public static readonly MachineField CoreReads = new()
    {
        Name = nameof(CoreReads),
        Doc = "config.conformance.coreReads: the attributes of the clan-core module argument the machine's clan.machines module read (forced)",
        Words = "the attributes of the `clan-core` argument the machine read",
        Observes = ["clan-core"],
        Aspect = Aspect.MachineArgs,
        Areas = AreaSet(FocusArea.Inventory),
        Read = Read.Config("conformance.coreReads").Or(new System.Text.Json.Nodes.JsonArray()),
        Predict = m => Outcome.Value(JsonValues.Strings(m.Machine.InClanMachines ? m.Case.CoreReads : []),
            m.Machine.InClanMachines && m.Case.CoreReads.Count > 0
                ? "the clan.machines module reads these attributes of the clan-core argument (specialArgs.clan-core; every attribute of the flake is there)"
                : "no module of this machine reads the clan-core argument"),
    };
}
