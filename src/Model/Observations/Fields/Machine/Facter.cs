using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>
    /// <c>hardware.facter.reportPath</c> and the warnings of clan-core's nixos-facter.nix: what a
    /// <c>machines/&lt;m&gt;/facter.json</c> in the clan's directory does to a NixOS machine.
    /// </summary>
    public static readonly MachineField Facter = new()
    {
        Name = nameof(Facter),
        Doc = "{ reportPath = hardware.facter.reportPath; warnings = nixos-facter.nix's warnings }: machines/<m>/facter.json of the clan directory, and the duplicate-facts warning when hardware-configuration.nix exists too (NixOS only; paths relative to their store path)",
        Words = "`hardware.facter.reportPath` and the duplicate-facts warning",
        Observes = ["hardware.facter.reportPath", "machines/<machine>/facter.json", "warnings"],
        Aspect = Aspect.Layout,
        Areas = AreaSet(FocusArea.Layout),
        // `or null`: nix-darwin has no hardware.facter.
        Read = Read.Record(
            ("reportPath", Read.Config("hardware.facter.reportPath").Or(null)),
            ("warnings", Read.Special(SpecialRead.FacterWarnings))),
        // The path is "${directory}/machines/…": the flake's source or, for a clan in a subfolder, the
        // subfolder copied to a store path of its own (measured); which store path is Nix's business.
        Normalise = value => WithoutStorePaths(value),
        Predict = m => m.Facter(),
    };

    private static JsonNode? WithoutStorePaths(JsonNode? value) => value switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, WithoutStorePaths(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutStorePaths).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(StorePath().Replace(s, "")),
        _ => value?.DeepClone(),
    };

    [GeneratedRegex("/nix/store/[0-9a-z]{32}-[^/'\"]+/")]
    private static partial Regex StorePath();
}
