namespace Conformance.Model.Observations;

/// <summary>Per-machine fields; each is read by one small Nix function (NixDriver's ObservationExpressions).</summary>
public enum MachineField
{
    /// <summary><c>config.networking.hostName</c>.</summary>
    HostName,

    /// <summary><c>config.conformance.scalar</c> (<c>types.str</c>, default "default"): priorities and conflicts.</summary>
    Scalar,

    /// <summary><c>config.conformance.unique</c> (<c>nullOr (uniq str)</c>, default null): uniqueness.</summary>
    Unique,

    /// <summary><c>config.conformance.list</c> (<c>listOf str</c>): definition order, mkOrder, priorities.</summary>
    List,

    /// <summary><c>config.conformance.roles</c>: "instance/role" entries added by the probe service.</summary>
    Roles,

    /// <summary><c>pkgs.conformanceTrail</c>: ids appended by marker overlays, in application order.</summary>
    Trail,

    /// <summary><c>pkgs.stdenv.hostPlatform.system</c>: which system the machine's pkgs are for.</summary>
    PkgsSystem,

    /// <summary><c>config.nixpkgs.hostPlatform.system</c>.</summary>
    HostPlatform,

    /// <summary><c>config.nixpkgs.config.conformance</c>: the merged option value.</summary>
    NixpkgsConfig,

    /// <summary><c>pkgs.config.conformance</c>: the config the pkgs were actually built with.</summary>
    PkgsConfig,

    /// <summary>Failing assertions declared by nixpkgs' own <c>nixpkgs.nix</c> module, as assertion ids.</summary>
    NixpkgsAssertions,

    /// <summary><c>pkgs.stdenv.buildPlatform.system</c>: equal to the host platform unless cross-compiling.</summary>
    BuildPlatform,

    /// <summary><c>config.clan.core.settings.{name, machine.name}</c>: what clan's forName.nix tells the machine about itself.</summary>
    ClanSettings,

    /// <summary>
    /// <c>_module.specialArgs</c> of the evaluation: whether clan-core's own <c>clan-core</c> argument is
    /// there, and the case's <c>conformance*</c> arguments (clan.specialArgs) with their values.
    /// </summary>
    SpecialArgs,
}

/// <summary>Clan-wide fields.</summary>
public enum ClanField
{
    /// <summary><c>attrNames nixosConfigurations</c>.</summary>
    NixosConfigurations,

    /// <summary><c>attrNames darwinConfigurations</c>.</summary>
    DarwinConfigurations,

    /// <summary><c>attrNames nixosModules</c> (clan exports <c>clan-machine-&lt;name&gt;</c>).</summary>
    NixosModules,

    /// <summary><c>clan.inventory.machines</c> as <c>{ name = { machineClass; tags; }; }</c>.</summary>
    Inventory,

    /// <summary><c>attrNames clanInternals.machines</c>: the systems clan evaluates copies for (its supportedSystems).</summary>
    InternalsSystems,
}
