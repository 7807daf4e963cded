using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>
    /// <c>_module.specialArgs</c> of the evaluation: whether clan-core's own <c>clan-core</c> argument is
    /// there, and the case's <c>conformance*</c> arguments (clan.specialArgs) with their values.
    /// </summary>
    public static readonly MachineField SpecialArgs = new()
    {
        Name = nameof(SpecialArgs),
        Doc = "_module.specialArgs: whether clan-core's clan-core argument is there, and the case's clan.specialArgs with their values",
        Words = "the module arguments clan passes (`specialArgs`)",
        Observes = ["specialArgs"],
        Aspect = Aspect.MachineArgs,
        Areas = AreaSet(FocusArea.Inventory),
        // Only the case's own arguments (names starting with `conformance`): nixosSystem and
        // darwinSystem add their own (modulesPath, …), which the model does not predict. `config`
        // has no `_module` (evalModules removes it); the result's `_module` fails like `config`
        // does when a NixOS machine's pkgs cannot be built (measured).
        Read = Read.Record(
            ("clanCore", Read.Evaluation("_module.specialArgs").Has("clan-core")),
            ("args", Read.Evaluation("_module.specialArgs").WithNamePrefix("conformance"))),
        Predict = m => Outcome.Value(new JsonObject
            {
                ["clanCore"] = true,
                ["args"] = JsonValues.StringMap(m.Case.SpecialArgs.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal)),
            },
            "clan-core module.nix: specialArgs = { inherit clan-core; } // clan.specialArgs, passed to nixosSystem/darwinSystem"),
    };
}
