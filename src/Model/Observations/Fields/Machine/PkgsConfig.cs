using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>pkgs.config.conformance</c>: the config the pkgs were actually built with.</summary>
    public static readonly MachineField PkgsConfig = new()
    {
        Name = nameof(PkgsConfig),
        Doc = "pkgs.config.conformance: the config the machine's package set was actually built with",
        Words = "`pkgs.config`",
        Observes = ["nixpkgs.config", "nixpkgs.pkgs", "pkgsForSystem"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.NixpkgsConfig),
        InInternals = true,
        InternalsAreas = AreaSet(FocusArea.PkgsForSystem),
        Read = Read.Pkgs("config.conformance").Or(new System.Text.Json.Nodes.JsonObject()).AsData(),
        OfPackageSet = p => JsonValues.StringMap(p.Config),
        Predict = m => m.FromPkgs(p => JsonValues.StringMap(p.Config), p => $"config of {p.Origin}"),
    };
}
