namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Small Nix functions used with <c>nix eval --apply</c> outside the per-field observations
/// (<see cref="ObservationExpressions"/>): the seed-claim tests and reports use these.
/// </summary>
public static class NixExpressions
{
    /// <summary>Whether a package is available to a machine under its pkgs' config (unfree policy included).</summary>
    public static string PackageAvailable(string attribute) =>
        $"m: m._module.args.pkgs.{NixSyntax.AttrName(attribute)}.meta.available";

    /// <summary>Applies a machine field function to every machine of an attribute set (e.g. <c>clanInternals.machines.x86_64-linux</c>).</summary>
    public static string MapMachines(string machineFunction) => $"ms: builtins.mapAttrs (_: {machineFunction}) ms";
}
