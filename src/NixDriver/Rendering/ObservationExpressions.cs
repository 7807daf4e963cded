using Conformance.Model.Observations;

namespace Conformance.NixDriver.Rendering;

/// <summary>
/// The Nix function that reads each field. Each is self-contained (only <c>builtins</c>), so the
/// same text serves the batch harness and a standalone repro command
/// (<c>nix eval .#nixosConfigurations.m --apply '&lt;function&gt;'</c>).
/// </summary>
public static class ObservationExpressions
{
    // The pkgs module argument. `m.pkgs` exists on nixosSystem results but not on every
    // extendModules result; `_module.args.pkgs` exists on all of them, NixOS and nix-darwin alike.
    private const string Pkgs = "m._module.args.pkgs";

    // Functions cannot be serialised; a data view keeps their presence visible.
    private const string ToData =
        "let toData = v: if builtins.isFunction v then \"<function>\" else if builtins.isAttrs v then builtins.mapAttrs (_: toData) v else if builtins.isList v then map toData v else v; in";

    /// <summary>A function from a machine evaluation to the field's JSON value.</summary>
    public static string For(MachineField field) => field switch
    {
        MachineField.HostName => "m: m.config.networking.hostName",
        // `or` only covers a machine without the probe module (no `conformance` option tree);
        // conflicts and type errors inside the option still throw.
        MachineField.Scalar => "m: m.config.conformance.scalar or null",
        MachineField.Unique => "m: m.config.conformance.unique or null",
        MachineField.List => "m: m.config.conformance.list or null",
        MachineField.Roles => "m: m.config.conformance.roles or [ ]",
        MachineField.Trail => $"m: ({Pkgs}).conformanceTrail or [ ]",
        MachineField.PkgsSystem => $"m: ({Pkgs}).stdenv.hostPlatform.system",
        MachineField.HostPlatform => "m: m.config.nixpkgs.hostPlatform.system",
        MachineField.NixpkgsConfig => $"m: {ToData} toData (m.config.nixpkgs.config.conformance or {{ }})",
        MachineField.PkgsConfig => $"m: {ToData} toData (({Pkgs}).config.conformance or {{ }})",
        // Only the assertions nixpkgs' own nixpkgs.nix module declares (NixOS: misc/nixpkgs.nix,
        // nix-darwin: nix/nixpkgs.nix): evaluating every assertion of a machine is slow and fails
        // on unrelated ones (no root file system in a test clan).
        MachineField.NixpkgsAssertions =>
            "m: map (a: builtins.head (builtins.split \"\\n\" a.message)) (builtins.filter (a: !a.assertion) " +
            "(builtins.concatMap (d: d.value) (builtins.filter (d: builtins.match \".*/nixpkgs[.]nix\" (toString d.file) != null) " +
            "m.options.assertions.definitionsWithLocations)))",
        MachineField.BuildPlatform => $"m: ({Pkgs}).stdenv.buildPlatform.system",
        MachineField.ClanSettings => "m: { name = m.config.clan.core.settings.name; machine = m.config.clan.core.settings.machine.name; }",
        // Only the case's own arguments (names starting with `conformance`): nixosSystem and
        // darwinSystem add their own (modulesPath, …), which the model does not predict.
        // `config` has no `_module` (evalModules removes it). The result's `_module` fails like
        // `config` does when a NixOS machine's pkgs cannot be built (measured).
        MachineField.SpecialArgs =>
            "m: let a = m._module.specialArgs; in { clanCore = a ? clan-core; " +
            "args = builtins.removeAttrs a (builtins.filter (n: builtins.substring 0 11 n != \"conformance\") (builtins.attrNames a)); }",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>A function from a clan flake's outputs to the field's JSON value.</summary>
    public static string For(ClanField field) => field switch
    {
        ClanField.NixosConfigurations => "f: builtins.attrNames (f.nixosConfigurations or { })",
        ClanField.DarwinConfigurations => "f: builtins.attrNames (f.darwinConfigurations or { })",
        ClanField.NixosModules => "f: builtins.attrNames (f.nixosModules or { })",
        ClanField.Inventory => "f: builtins.mapAttrs (_: m: { inherit (m) machineClass tags; }) f.clan.inventory.machines",
        ClanField.InternalsSystems => "f: builtins.attrNames f.clanInternals.machines",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>A function from a clan flake's outputs to one machine's evaluation in a scope.
    /// A missing machine is a catchable <c>throw</c>, so it cannot take down a whole batch.</summary>
    public static string MachineLookup(Scope scope, string machine, string? system) => scope switch
    {
        Scope.Configuration =>
            $"f: (f.nixosConfigurations or {{ }}).{NixSyntax.AttrName(machine)} or (f.darwinConfigurations or {{ }}).{NixSyntax.AttrName(machine)} " +
            $"or (throw {NixSyntax.String($"clan-conformance: no configuration named {machine}")})",
        Scope.Internals =>
            $"f: f.clanInternals.machines.{NixSyntax.AttrName(system!)}.{NixSyntax.AttrName(machine)} " +
            $"or (throw {NixSyntax.String($"clan-conformance: no clanInternals.machines.{system}.{machine}")})",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>The function reading <paramref name="key"/> from a clan flake's outputs.</summary>
    public static string ForKey(FieldKey key) => key.Scope switch
    {
        Scope.Clan => For(key.ClanField ?? throw new ArgumentException($"unknown clan field {key}")),
        Scope.Configuration or Scope.Internals =>
            $"f: ({For(key.MachineField ?? throw new ArgumentException($"unknown machine field {key}"))}) (({MachineLookup(key.Scope, key.Machine!, key.System)}) f)",
        _ => throw new ArgumentException($"{key} is read from stderr, not evaluated"),
    };
}
