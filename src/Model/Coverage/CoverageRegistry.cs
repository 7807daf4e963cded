using Conformance.Model.Observations;

namespace Conformance.Model.Coverage;

/// <summary>
/// Which options today's generators set, the model predicts and the fields observe — written by
/// reading src/Generators (what each draws), NixDriver/Rendering/ClanRenderer (the options the draws
/// are written as) and ObservationExpressions (what each field reads).
/// <para>
/// The field descriptors' own <c>Observes</c> lists count too (<see cref="Described"/>); the hand-kept
/// field list below still says what they do not (measured 2026-12-07: without it, clan.self,
/// clan.inventory.machines, roles and a service's readme and role descriptions lose their O mark), so it
/// goes when the descriptors name those. Generators do not carry their sets yet: <see cref="Setters"/> is
/// kept by hand. Every observed field is predicted by the oracle (a property checks it), so each field
/// entry predicts what it observes.
/// </para>
/// </summary>
public static class CoverageRegistry
{
    private sealed record Setter(string Name, IReadOnlyCollection<OptionPath> Sets, string? Via = null) : IOptionSetter;

    private sealed record Field(string Name, IReadOnlyCollection<OptionPath> Observes) : IOptionObserver, IOptionPredictor
    {
        public IReadOnlyCollection<OptionPath> Predicts => Observes;
    }

    private sealed record ModelPart(string Name, IReadOnlyCollection<OptionPath> Predicts) : IOptionPredictor;

    private static IReadOnlyCollection<OptionPath> P(params string[] paths) => paths.Select(OptionPath.Parse).ToList();

    private const string Instance = "clan.inventory.instances.<name>";
    private const string Role = Instance + ".roles.<name>";

    // The instance options every generator of instances writes (ClanRenderer.Inventory for the probe
    // service, ClanRenderer.Services.Instance for the case's own services).
    private static readonly string[] InstanceMembership =
        ["clan.inventory.instances", Instance + ".module.name", Instance + ".module.input", Instance + ".roles", Role + ".machines", Role + ".tags"];

    public static readonly IReadOnlyList<IOptionSetter> Setters =
    [
        new Setter("MachineGen (clan.machines modules)", P("clan.machines")),
        new Setter("MachineGen (inventory machines, Nix and inventory.json)", P("clan.inventory.machines", "clan.inventory.machines.<name>.machineClass", "clan.inventory.machines.<name>.tags")),
        new Setter("ClanCaseGen (static tags, reserved names included)", P("clan.inventory.tags", "clan.inventory.tags.all", "clan.inventory.tags.nixos")),
        new Setter("computed tags", P("clan.inventory.tags.all", "clan.inventory.tags.nixos", "clan.inventory.tags.darwin"), Via: "clan.inventory.machines.<name>.machineClass"),
        new Setter("ClanCaseGen (clan name)", P("clan.meta.name")),
        new Setter("ServiceCaseGen (domain)", P("clan.meta.domain")),
        new Setter("clan meta, derived", P("clan.inventory.meta.name", "clan.inventory.meta.domain", "clan.core.settings.name"), Via: "clan.meta"),
        new Setter("machine names, derived", P("clan.core.settings.machine.name"), Via: "the machine's name"),
        new Setter("ClanCaseGen (specialArgs)", P("clan.specialArgs")),
        new Setter("ClanCaseGen (pkgsForSystem variants)", P("clan.pkgsForSystem")),
        new Setter("ClanCaseGen (probe instances)", P(InstanceMembership)),
        new Setter("ServiceInstanceGen", P([.. InstanceMembership, Role + ".settings", Role + ".machines.<name>.settings", Role + ".tags.<name>.settings", Role + ".extraModules"])),
        new Setter("ServiceGen (clan.modules)", P("clan.modules")),
        new Setter("LayoutGen (clan directory, meta, inventory.json, machine metadata and deploy settings)", P(
            "clan.directory", "clan.meta.description", "clan.meta.icon", "clan.meta.tld",
            "clan.inventory.meta.name", "clan.inventory.meta.description", "clan.inventory.meta.icon", "clan.inventory.meta.domain",
            "clan.inventory.machines.<name>.name", "clan.inventory.machines.<name>.description", "clan.inventory.machines.<name>.icon",
            "clan.inventory.machines.<name>.installedAt", "clan.inventory.machines.<name>.deploy.targetHost",
            "clan.inventory.machines.<name>.deploy.buildHost", "clan.inventory.machines.<name>.deploy.forwardAgent",
            "clan.inventory.tags", "clan.inventory.instances")),
        new Setter("LayoutGen (a machine's deploy module)", P("clan.core.networking.targetHost", "clan.core.networking.buildHost", "clan.core.enableRecommendedDefaults")),
        new Setter("ServiceCaseGen (mocked flake inputs)", P("clan.self")),
        new Setter("ServiceGen (service modules)", P(
            "clan.service.manifest.name", "clan.service.manifest.readme", "clan.service.manifest.constraints.maxInstances",
            "clan.service.manifest.constraints.roles", "clan.service.manifest.constraints.roles.<name>.minMachines", "clan.service.manifest.constraints.roles.<name>.maxMachines",
            "clan.service.roles", "clan.service.roles.<name>.description", "clan.service.roles.<name>.interface",
            "clan.service.roles.<name>.perInstance.nixosModule", "clan.service.roles.<name>.perInstance.darwinModule",
            "clan.service.perMachine.nixosModule", "clan.service.perMachine.darwinModule")),
    ];

    private static readonly IReadOnlyList<Field> Fields =
    [
        new Field("cfg|sys/*/ClanSettings", P("clan.core.settings.name", "clan.core.settings.machine.name")),
        new Field("cfg|sys/*/SpecialArgs", P("clan.specialArgs")),
        // Every machine field reads the options the case's modules define, through clan.machines.
        new Field("cfg|sys/*/HostName, Scalar, Unique, List, Trail, NixpkgsConfig, …", P("clan.machines")),
        new Field("cfg|sys/*/Roles (probe service)", P([.. InstanceMembership, "clan.inventory.machines.<name>.tags", "clan.inventory.tags", "clan.inventory.tags.all", "clan.inventory.tags.nixos", "clan.inventory.tags.darwin"])),
        new Field("PkgsSystem, Trail, stderr/pkgsForSystem.*", P("clan.pkgsForSystem")),
        new Field("clan/Inventory", P("clan.inventory.machines", "clan.inventory.machines.<name>.machineClass", "clan.inventory.machines.<name>.tags")),
        new Field("clan/NixosConfigurations, clan/DarwinConfigurations", P("clan.machines", "clan.inventory.machines.<name>.machineClass")),
        new Field("svc/Services", P("clan.inventory.instances", Instance + ".module.name", Instance + ".module.input", "clan.modules", "clan.self")),
        new Field("svc/*/Manifest", P("clan.service.manifest.name")),
        new Field("svc/CliChecks", P("clan.service.manifest.constraints.maxInstances", "clan.service.manifest.constraints.roles",
            "clan.service.manifest.constraints.roles.<name>.minMachines", "clan.service.manifest.constraints.roles.<name>.maxMachines")),
        new Field("svc/*/Members, Membership", P(Instance + ".roles", Role + ".machines", Role + ".tags", "clan.service.roles", "clan.inventory.tags")),
        new Field("svc/*/Settings, RoleSettings, Roles, Extended", P(Role + ".settings", Role + ".machines.<name>.settings", Role + ".tags.<name>.settings", "clan.service.roles.<name>.interface")),
        new Field("svc/*/Meta", P("clan.meta.name", "clan.meta.domain", "clan.inventory.meta.name", "clan.inventory.meta.domain")),
        new Field("cfg/*/ServiceOrder, svc/*/Imports", P(Role + ".extraModules", "clan.service.roles.<name>.perInstance.nixosModule", "clan.service.roles.<name>.perInstance.darwinModule",
            "clan.service.perMachine.nixosModule", "clan.service.perMachine.darwinModule",
            // NixOS warnings of the import list: a role without description, a service without readme.
            "clan.service.roles.<name>.description", "clan.service.manifest.readme")),
    ];

    /// <summary>
    /// Every field descriptor's own list (<c>Observes</c>) in the options' notation: a field added since
    /// the list above was written counts without an entry here (the deploy, meta, layout and
    /// networking fields did not, and coverage said their options were unobserved). Paths that are not
    /// clan's options (nixpkgs.*, networking.*, files of the directory) are left out.
    /// </summary>
    private static readonly IReadOnlyList<Field> Described = MachineField.All.Cast<Observations.ObservedField>()
        .Concat(ClanField.All).Concat(ServiceField.All)
        .Select(f => new Field(f.Name, f.Observes.Select(AsClanOption).OfType<string>().Select(OptionPath.Parse).ToList()))
        .Where(f => f.Observes.Count > 0)
        .ToList();

    private static string? AsClanOption(string observed) => observed switch
    {
        _ when observed.StartsWith("clan.core.", StringComparison.Ordinal) => observed,
        _ when observed.StartsWith("clan.modules.<service>.", StringComparison.Ordinal) => "clan.service." + observed["clan.modules.<service>.".Length..],
        _ when observed.StartsWith("clan.modules", StringComparison.Ordinal) => "clan.modules",
        _ when observed.StartsWith("inventory.", StringComparison.Ordinal) || observed.StartsWith("meta.", StringComparison.Ordinal) => "clan." + observed,
        "directory" or "specialArgs" or "machines" or "modules" or "pkgsForSystem" or "self" => "clan." + observed,
        _ => null,
    };

    public static IReadOnlyList<IOptionObserver> Observers => [.. Fields, .. Described];

    /// <summary>The fields (each predicts what it observes) and the model parts that predict without a field yet.</summary>
    public static IReadOnlyList<IOptionPredictor> Predictors =>
    [
        .. Fields,
        .. Described,
        new ModelPart("Model/Vars (VarsModel; checked against clan-core's vars eval tests, no field yet)", Vars.VarsModel.Predicts),
        new ModelPart("Model/Semantics/ClanMeta (checked against clan-core's build-clan tests, no field yet)",
            P("clan.meta.name", "clan.meta.domain", "clan.meta.description", "clan.meta.icon", "clan.meta.tld",
              "clan.inventory.meta.name", "clan.inventory.meta.domain", "clan.inventory.meta.description", "clan.inventory.meta.icon", "clan.inventory.meta.tld")),
    ];
}
