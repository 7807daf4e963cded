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
        // Only the case's own arguments (names starting with `conformance`, matched by a pattern, not
        // a length, so a report's renaming of the prefix keeps the meaning): nixosSystem and
        // darwinSystem add their own (modulesPath, …), which the model does not predict.
        // `config` has no `_module` (evalModules removes it). The result's `_module` fails like
        // `config` does when a NixOS machine's pkgs cannot be built (measured).
        MachineField.SpecialArgs =>
            "m: let a = m._module.specialArgs; in { clanCore = a ? clan-core; " +
            "args = builtins.removeAttrs a (builtins.filter (n: builtins.match \"conformance.*\" n == null) (builtins.attrNames a)); }",
        // Declared by the modules the case's services give the machine (none: no entries).
        MachineField.ServiceOrder => "m: m.config.conformance.serviceOrder or [ ]",
        MachineField.CoreReads => "m: m.config.conformance.coreReads or [ ]",
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

    /// <summary>
    /// A function from a clan flake's outputs to a service field: read from the service evaluations
    /// clan-core exposes (<c>clan._services.allServices.&lt;id&gt;</c>, <c>clan._allMachines</c>), so
    /// no NixOS or nix-darwin machine is evaluated. Lookups that could miss throw (catchably) naming
    /// what is missing, instead of failing with an uncatchable missing attribute.
    /// </summary>
    public static string ForService(FieldKey key)
    {
        var field = key.ServiceField ?? throw new ArgumentException($"unknown service field {key}");
        string Missing(string what) => $"(throw {NixSyntax.String($"clan-conformance: {what}")})";
        var service = key.Service is null ? "" :
            $"(f.clan._services.allServices.{NixSyntax.AttrName(key.Service)} or {Missing($"no service evaluation {key.Service}")})";
        var perInstance = key.Machine is null || key.Role is null ? "" :
            $"((({service}.result.allRoles.{NixSyntax.AttrName(key.Role)} or {Missing($"no role {key.Role}")})" +
            $".allInstances.{NixSyntax.AttrName(key.Instance!)} or {Missing($"no instance {key.Instance}")})" +
            $".allMachines.{NixSyntax.AttrName(key.Machine)} or {Missing($"the machine is not a member of role {key.Role}")}).conformance";
        var instance = key.Instance is null ? "" : $"({service}.instances.{NixSyntax.AttrName(key.Instance)} or {Missing($"no instance {key.Instance}")})";
        return field switch
        {
            ServiceField.Services => "f: builtins.attrNames f.clan._services.allServices",
            ServiceField.CliChecks => "f: f.clanInternals.cliChecks",
            ServiceField.Manifest => $"f: {service}.manifest.name",
            ServiceField.Instances => $"f: builtins.attrNames {service}.instances",
            ServiceField.Members => $"f: builtins.attrNames {service}.result.allMachines",
            ServiceField.SpecialArgs => $"f: {service}.conformance.specialArgs",
            ServiceField.Assertions => $"f: let a = {service}.result.assertions; in builtins.filter (n: !a.${{n}}.assertion) (builtins.attrNames a)",
            ServiceField.Membership => $"f: builtins.mapAttrs (_: r: builtins.attrNames r.machines) {instance}.roles",
            ServiceField.RoleSettings => $"f: ({instance}.roles.{NixSyntax.AttrName(key.Role!)} or {Missing($"no role {key.Role}")}).finalSettings.config",
            ServiceField.Settings => $"f: ({perInstance}).settings",
            ServiceField.Args => $"f: let p = {perInstance}; in {{ inherit (p) instanceName machine; }}",
            ServiceField.Roles => $"f: ({perInstance}).roles",
            ServiceField.Extended => $"f: ({perInstance}).extended",
            ServiceField.Meta => $"f: let m = ({perInstance}).meta; in {{ inherit (m) name domain; }}",
            ServiceField.PerMachine =>
                $"f: let p = ({service}.result.allMachines.{NixSyntax.AttrName(key.Machine!)} or {Missing("the machine is not a member")}).conformance; " +
                "in { inherit (p) machine; instances = builtins.attrNames p.instances; }",
            ServiceField.PerMachineInstance =>
                $"f: ({service}.result.allMachines.{NixSyntax.AttrName(key.Machine!)} or {Missing("the machine is not a member")})" +
                $".conformance.instances.{NixSyntax.AttrName(key.Instance!)} or {Missing("the machine is not in instance " + key.Instance)}",
            // The machine's import list from services (module.nix: machineImports for NixOS,
            // darwinImports for nix-darwin), evaluated on their own with lib.evalModules; the
            // NixOS options they set besides the harness's (warnings, assertions) are declared here.
            ServiceField.Imports =>
                "f: let c = f.clan; lib = c.self.inputs.nixpkgs.lib; " +
                $"m = c._allMachines.{NixSyntax.AttrName(key.Machine!)} or {Missing("the machine is not in _allMachines")}; " +
                $"darwin = c.inventory.machines.{NixSyntax.AttrName(key.Machine!)}.machineClass == \"darwin\"; " +
                "cfg = (lib.evalModules { modules = [ { options.warnings = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; }; " +
                "options.assertions = lib.mkOption { type = lib.types.listOf lib.types.raw; default = [ ]; }; } ] " +
                "++ (if darwin then m.darwinImports else m.machineImports); }).config; " +
                "in { order = cfg.conformance.serviceOrder or [ ]; inherit (cfg) warnings; }",
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    /// <summary>The function reading <paramref name="key"/> from a clan flake's outputs.</summary>
    public static string ForKey(FieldKey key) => key.Scope switch
    {
        Scope.Clan => For(key.ClanField ?? throw new ArgumentException($"unknown clan field {key}")),
        Scope.Service => ForService(key),
        Scope.Configuration or Scope.Internals =>
            $"f: ({For(key.MachineField ?? throw new ArgumentException($"unknown machine field {key}"))}) (({MachineLookup(key.Scope, key.Machine!, key.System)}) f)",
        _ => throw new ArgumentException($"{key} is read from stderr, not evaluated"),
    };
}
