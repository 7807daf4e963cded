using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>pkgs.stdenv.buildPlatform.system</c>: equal to the host platform unless cross-compiling.</summary>
    public static readonly MachineField BuildPlatform = new()
    {
        Name = nameof(BuildPlatform),
        Doc = "pkgs.stdenv.buildPlatform.system: equal to the host platform unless cross-compiling",
        Words = "`pkgs`' build system",
        Observes = ["nixpkgs.buildPlatform", "nixpkgs.pkgs"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.Priorities),
        InInternals = true,
        InternalsAreas = AreaSet(FocusArea.PkgsForSystem),
        Read = Read.Pkgs("stdenv.buildPlatform.system"),
        OfPackageSet = p => JsonValues.String(p.System),
        // Nothing here cross-compiles: every package set is built on the platform it is for.
        Predict = m => m.FromPkgs(p => JsonValues.String(p.System), p => $"no buildPlatform is set, so it equals the host platform of {p.Origin}"),
    };
}
