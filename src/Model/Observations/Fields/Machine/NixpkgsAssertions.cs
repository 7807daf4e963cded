using System.Text.Json.Nodes;
using Conformance.Model.Causes;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>Failing assertions declared by nixpkgs' own <c>nixpkgs.nix</c> module, as assertion ids.</summary>
    public static readonly MachineField NixpkgsAssertions = new()
    {
        Name = nameof(NixpkgsAssertions),
        Doc = "the failing assertions nixpkgs' own nixpkgs.nix module declares, as ids (externalInstanceWithConfig, …)",
        Words = "the failing nixpkgs assertions",
        Observes = ["assertions"],
        Aspect = Aspect.Nixpkgs,
        Areas = AreaSet(FocusArea.NixpkgsConfig, FocusArea.Priorities),
        InInternals = true,
        Unordered = true,
        Read = Read.Special(SpecialRead.NixpkgsModuleAssertions),
        // Nix prints messages; the model speaks of assertion ids.
        Normalise = value => value is JsonArray messages
            ? JsonValues.Strings(messages.Select(message => AssertionIds.FromMessage(message?.GetValue<string>() ?? "")))
            : value,
        Predict = m => m.NixpkgsAssertions(),
    };
}
