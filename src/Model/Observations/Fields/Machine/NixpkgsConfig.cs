using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary><c>config.nixpkgs.config.conformance</c>: the merged option value.</summary>
    public static readonly MachineField NixpkgsConfig = new()
    {
        Name = nameof(NixpkgsConfig),
        Doc = "config.nixpkgs.config.conformance: the merged option value (foldr recursiveUpdate: the last definition of a key wins)",
        Words = "`nixpkgs.config`",
        Observes = ["nixpkgs.config"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.NixpkgsConfig),
        Read = Read.Config("nixpkgs.config.conformance").Or(new System.Text.Json.Nodes.JsonObject()).AsData(),
        Predict = m =>
        {
            var merged = m.NixpkgsConfig();
            return Outcome.Value(JsonValues.StringMap(merged.Value!), merged.Rule);
        },
    };
}
