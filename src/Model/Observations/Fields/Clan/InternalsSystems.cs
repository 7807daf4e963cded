using Conformance.Model.Causes;
using Conformance.Model.Cases;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class ClanField
{
    /// <summary><c>attrNames clanInternals.machines</c>: the systems clan evaluates copies for (its supportedSystems).</summary>
    public static readonly ClanField InternalsSystems = new()
    {
        Name = nameof(InternalsSystems),
        Doc = "attrNames clanInternals.machines: the systems clan evaluates machine copies for (its supportedSystems)",
        Words = "`clanInternals.machines` systems",
        Observes = ["clanInternals.machines"],
        Aspect = Aspect.Outputs,
        Areas = AreaSet(FocusArea.PkgsForSystem, FocusArea.Classes),
        Read = Read.Flake("clanInternals.machines").Names(),
        // genAttrs supportedSystems: the keys exist whatever the machines are (no class conflict reaches them).
        Predict = _ => Outcome.Value(JsonValues.Strings(NixOrder.Sort(Systems.ClanSupported)),
            "clanInternals.machines = genAttrs supportedSystems (modules/clan/module.nix)"),
    };
}
