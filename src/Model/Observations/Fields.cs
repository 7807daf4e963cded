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

    /// <summary>
    /// <c>config.conformance.serviceOrder</c>: one entry per module the machine got from a clan
    /// service the case defines (perMachine, perInstance, extraModules), in merge order.
    /// </summary>
    ServiceOrder,

    /// <summary>
    /// <c>config.conformance.coreReads</c>: the attributes of the <c>clan-core</c> module argument the
    /// machine's module read (<see cref="Cases.ClanCase.CoreReads"/>; empty for machines outside
    /// clan.machines). Reading them is what the core-warnings field hears about.
    /// </summary>
    CoreReads,
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

/// <summary>
/// Fields of clan services, read from the service evaluations clan-core exposes
/// (<c>clan._services.allServices.&lt;id&gt;</c>, <c>clan._allMachines</c>) without any machine
/// evaluation. Each field has a level, which decides the components of its key.
/// </summary>
public enum ServiceField
{
    /// <summary>Clan level: <c>attrNames clan._services.allServices</c> (one service evaluation per module id).</summary>
    Services,

    /// <summary>Clan level: <c>clanInternals.cliChecks</c> (manifest constraints).</summary>
    CliChecks,

    /// <summary>Service level: <c>manifest.name</c>.</summary>
    Manifest,

    /// <summary>Service level: <c>attrNames instances</c>.</summary>
    Instances,

    /// <summary>Service level: <c>attrNames result.allMachines</c> (every member machine of every instance).</summary>
    Members,

    /// <summary>Service level: the names of the module arguments the service module gets beyond lib.modules' own.</summary>
    SpecialArgs,

    /// <summary>Service level: the failing <c>result.assertions</c> (one per role: its interface converts to a JSON schema).</summary>
    Assertions,

    /// <summary>Instance level: per role of the instance, its members (explicit and by tag).</summary>
    Membership,

    /// <summary>Role level: the role-level <c>finalSettings.config</c> (interface + role settings only; reading it warns).</summary>
    RoleSettings,

    /// <summary>Member level: the <c>settings</c> argument perInstance receives.</summary>
    Settings,

    /// <summary>Member level: perInstance's <c>instanceName</c> and <c>machine</c> (name, roles in this instance).</summary>
    Args,

    /// <summary>Member level: perInstance's <c>roles</c> argument (every role of the instance with its settings and its members' settings).</summary>
    Roles,

    /// <summary>Member level: what perInstance's <c>extendSettings</c> returns for the role's extend module.</summary>
    Extended,

    /// <summary>Member level: perInstance's <c>meta</c> argument (<c>name</c> and <c>domain</c>: the clan's meta).</summary>
    Meta,

    /// <summary>Machine-in-service level: perMachine's <c>machine</c> argument and the names of its <c>instances</c> argument.</summary>
    PerMachine,

    /// <summary>Instance-and-machine level: one instance of perMachine's <c>instances</c> argument (its roles with their settings).</summary>
    PerMachineInstance,

    /// <summary>
    /// Machine level: the modules the machine imports from every service (the class's list of
    /// <c>_allMachines.&lt;m&gt;</c>) evaluated on their own: <c>conformance.serviceOrder</c> (whose
    /// module contributed what, in merge order) and the NixOS <c>warnings</c> they set.
    /// </summary>
    Imports,
}

public static class ServiceFields
{
    /// <summary>Which key components a service field has.</summary>
    public static ServiceLevel Level(ServiceField field) => field switch
    {
        ServiceField.Services or ServiceField.CliChecks => ServiceLevel.Clan,
        ServiceField.Manifest or ServiceField.Instances or ServiceField.Members or ServiceField.SpecialArgs or ServiceField.Assertions => ServiceLevel.Service,
        ServiceField.Membership => ServiceLevel.Instance,
        ServiceField.RoleSettings => ServiceLevel.Role,
        ServiceField.PerMachine => ServiceLevel.ServiceMachine,
        ServiceField.PerMachineInstance => ServiceLevel.InstanceMachine,
        ServiceField.Imports => ServiceLevel.Machine,
        _ => ServiceLevel.Member,
    };
}

/// <summary>The components of a service field's key: <c>svc/F</c>, <c>svc/&lt;id&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;r&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;r&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;id&gt;/&lt;i&gt;/&lt;m&gt;/F</c>, <c>svc/&lt;m&gt;/F</c>.</summary>
public enum ServiceLevel
{
    Clan,
    Service,
    Instance,
    Role,
    Member,
    ServiceMachine,
    InstanceMachine,
    Machine,
}
