using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>clanInternals.inventoryClass.relativeDirectory</c>: the clan directory's path from the flake's root (the CLI finds vars and machines with it).</summary>
    public static readonly ClanField RelativeDirectory = new()
    {
        Name = nameof(RelativeDirectory),
        Doc = "clan.clanInternals.inventoryClass.relativeDirectory: clan.directory relative to toString self (\"\" when they are equal)",
        Words = "`relativeDirectory`",
        Observes = ["directory", "clanInternals.inventoryClass.relativeDirectory"],
        Aspect = Aspect.Layout,
        Areas = AreaSet(FocusArea.Layout),
        Read = Read.Flake("clan.clanInternals.inventoryClass.relativeDirectory"),
        Predict = inventory => Outcome.Value(JsonValues.String(inventory.Case.ClanDirectory),
            inventory.Case.Layout is null
                ? "module.nix: directory defaults to toString self, so the relative directory is \"\""
                : "module.nix: toString directory has toString self as a prefix; relativeDirectory is the rest"),
    };
}
