using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>pkgs.stdenv.hostPlatform.system</c>: which system the machine's pkgs are for.</summary>
    public static readonly MachineField PkgsSystem = new()
    {
        Name = nameof(PkgsSystem),
        Doc = "pkgs.stdenv.hostPlatform.system: the system the machine's package set is for",
        Words = "`pkgs`' host system",
        Observes = ["nixpkgs.hostPlatform", "nixpkgs.pkgs"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.Priorities),
        InInternals = true,
        InternalsAreas = AreaSet(FocusArea.PkgsForSystem),
        Read = Read.Pkgs("stdenv.hostPlatform.system"),
        OfPackageSet = p => JsonValues.String(p.System),
        Predict = m => m.FromPkgs(p => JsonValues.String(p.System), p => $"system of {p.Origin}"),
    };
}
