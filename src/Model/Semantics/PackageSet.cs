using Conformance.Model.Cases;
using Conformance.Model.Errors;

namespace Conformance.Model.Semantics;

/// <summary>
/// A nixpkgs instance as far as the observations can tell: its marker trail (the overlays it was
/// built with), its system and its <c>config.conformance</c>.
/// </summary>
internal sealed record PackageSet(IReadOnlyList<string> Trail, string System, IReadOnlyDictionary<string, string> Config, string Origin)
{
    /// <summary>True for the case's own pkgsForSystem instance (not nixpkgs.legacyPackages).</summary>
    public bool FromPkgsForSystem { get; init; }

    public PackageSet AppendOverlays(IReadOnlyList<string> overlays) =>
        overlays.Count == 0 ? this : this with { Trail = [.. Trail, .. overlays], Origin = Origin + " + appendOverlays" };
}

/// <summary>
/// clan-core's <c>pkgsFor</c> (modules/clan/module.nix):
/// <c>genAttrs supportedSystems (system: let pkgs = pkgsForSystem system; in if pkgs != null then pkgs else nixpkgs.legacyPackages.${system})</c>,
/// where <c>pkgsForSystem</c> defaults (with flake-parts) to
/// <c>system: flake-config.allSystems.${system}.clan.pkgs</c>.
/// </summary>
internal static class PkgsFor
{
    /// <summary>The package set <c>pkgsFor.${system}</c> evaluates to, or the error evaluating it raises.</summary>
    public static (PackageSet? Pkgs, ExpectedError? Error) Of(ClanCase clanCase, string system)
    {
        var spec = clanCase.PkgsForSystem;
        if (spec.Mode != PkgsForSystemMode.ClanOption && !clanCase.FlakeSystems.Contains(system))
            return (null, new ExpectedError(ErrorKind.AttributeMissing, $"attribute '{system}' missing",
                "with flake-parts, pkgsForSystem defaults to allSystems.${system}.clan.pkgs, and allSystems only has the flake's `systems`"));
        if (spec.Mode != PkgsForSystemMode.Unset && spec.CustomSystems.Contains(system))
            return (new PackageSet([PkgsForSystemSpec.MarkerFor(system)], system,
                new Dictionary<string, string> { ["source"] = PkgsForSystemSpec.ConfigSourceFor(system) },
                $"pkgsFor.{system} = the case's custom instance ({spec.Mode})") { FromPkgsForSystem = true }, null);
        return (new PackageSet([], system, new Dictionary<string, string>(),
            $"pkgsFor.{system} = nixpkgs.legacyPackages.{system} (pkgsForSystem returned null)"), null);
    }

    /// <summary>
    /// How many times the traced function runs for <paramref name="system"/> when the case is
    /// observed: <c>pkgsFor</c> is a lazy attribute set bound once per clan, so at most once per
    /// system, and only when something forces <c>pkgsFor.${system}</c> — here, observing a
    /// <c>clanInternals.machines.${system}</c> copy that uses it (deployable configurations never do).
    /// </summary>
    public static int ExpectedCalls(ClanCase clanCase, string system, bool forcedByAMachine)
    {
        if (clanCase.PkgsForSystem.Mode == PkgsForSystemMode.Unset || !forcedByAMachine) return 0;
        // perSystem route: a system outside flake-parts' `systems` fails before the trace runs.
        return clanCase.PkgsForSystem.Mode == PkgsForSystemMode.PerSystem && !clanCase.FlakeSystems.Contains(system) ? 0 : 1;
    }
}
