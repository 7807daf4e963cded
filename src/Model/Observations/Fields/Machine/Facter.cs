using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Model.Causes;

namespace Conformance.Model.Observations;

public sealed partial class MachineField
{
    /// <summary>
    /// <c>hardware.facter.reportPath</c>: what a <c>machines/&lt;m&gt;/facter.json</c> in the clan's
    /// directory does to a NixOS machine. Not its duplicate-facts warning: a NixOS machine's warnings
    /// are read only after every module's mkIf condition of <c>warnings</c> is evaluated, and one of them
    /// evaluates nixos-init, which refuses some platforms (measured, 2026-12-07: the warning read failed
    /// machines whose other fields evaluate), so the field would observe nixpkgs' platform checks.
    /// </summary>
    public static readonly MachineField Facter = new()
    {
        Name = nameof(Facter),
        Doc = "{ reportPath = hardware.facter.reportPath; }: machines/<m>/facter.json of the clan directory (NixOS only; the path relative to its store path)",
        Words = "`hardware.facter.reportPath`",
        Observes = ["hardware.facter.reportPath", "machines/<machine>/facter.json"],
        Aspect = Aspect.Layout,
        Areas = AreaSet(FocusArea.Layout),
        // `or null`: nix-darwin has no hardware.facter.
        Read = Read.Record(("reportPath", Read.Config("hardware.facter.reportPath").Or(null))),
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

    // The store path, and the batch's directory of the case (the harness evaluates each case in cases/<id>/ of one source).
    [GeneratedRegex("/nix/store/[0-9a-z]{32}-[^/'\"]+/(cases/[A-Za-z0-9]+/)?")]
    private static partial Regex StorePath();
}
