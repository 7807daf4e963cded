using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>pkgs.conformanceTrail</c>: ids appended by the case's marker overlays, in application order.</summary>
    public static readonly MachineField Trail = new()
    {
        Name = nameof(Trail),
        Doc = "pkgs.conformanceTrail: the ids the case's marker overlays append, in the order nixpkgs applied them",
        Words = "the overlays applied to `pkgs` (in order)",
        Observes = ["nixpkgs.overlays", "pkgsForSystem"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.Overlays, FocusArea.Priorities),
        InInternals = true,
        InternalsAreas = AreaSet(FocusArea.PkgsForSystem),
        Read = Read.Pkgs("conformanceTrail").Or(new System.Text.Json.Nodes.JsonArray()),
        OfPackageSet = p => JsonValues.Strings(p.Trail),
        Predict = m => m.FromPkgs(p => JsonValues.Strings(p.Trail), p => $"trail of {p.Origin}"),
    };
}
