using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;

namespace Conformance.Model.Services;

/// <summary>
/// What clan-core's service machinery makes of a case, evaluated the way Nix does (lazily: each
/// question forces only what Nix forces to answer it, and answers with the first error Nix meets).
/// Sources: modules/clan/distributed-services.nix (grouping, tag resolution, the per-machine
/// settings module), lib/inventory/distributed-service/service-module.nix (settings evaluation,
/// perInstance/perMachine arguments, result.allMachines/allRoles/final, cliChecks),
/// lib/resolve-module (module resolution), lib/inventory (resolveTags).
/// </summary>
public sealed class ServiceModel
{
    /// <summary>clan-core's own services at the pinned revision (clanServices/): the model does not describe them, so cases never name them.</summary>
    public static readonly IReadOnlySet<string> ClanCoreServices = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "borgbackup", "certificates", "coredns", "data-mesher", "dm-dns", "dyndns", "emergency-access", "garage", "hello-world",
        "importer", "installer", "internet", "kde", "localbackup", "matrix-synapse", "monitoring", "mycelium", "ncps", "p2p-ssh-iroh",
        "packages", "pki", "sshd", "syncthing", "tor", "trusted-nix-caches", "users", "wifi", "wireguard", "yggdrasil", "zerotier",
    };

    /// <summary>The module arguments clan-core gives every service module beyond lib.modules' own (all-services-wrapper.nix <c>specialArgs</c>).</summary>
    public static readonly IReadOnlyList<string> ServiceSpecialArgs = ["clanLib", "directory", "exports", "meta"];

    private readonly ClanCase _case;
    private readonly Inventory _inventory;

    public ServiceModel(ClanCase clanCase, Inventory inventory)
    {
        _case = clanCase;
        _inventory = inventory;
        Meta = new MetaValues(clanCase.ClanName, clanCase.Domain ?? "clan");
        Groups = clanCase.Instances
            .GroupBy(i => i.ModuleOrProbe.ServiceId)
            .Select(g => new ServiceGroup(this, g.Key, g.OrderBy(i => i.Name, NixOrder.Instance).ToList()))
            .OrderBy(g => g.Id, NixOrder.Instance)
            .ToList();
    }

    internal MetaValues Meta { get; }

    /// <summary>One service evaluation per module id (<c>clan._services.allServices</c>), in attribute order.</summary>
    public IReadOnlyList<ServiceGroup> Groups { get; }

    public ServiceGroup? Group(string id) => Groups.FirstOrDefault(g => g.Id == id);

    /// <summary>Whether a module reference names the probe service the renderer writes for instances without a module.</summary>
    public static bool IsProbe(ModuleRef module) => module == ModuleRef.Probe;

    /// <summary>
    /// resolveTags: the role's machines (<c>attrNames role.machines</c>) and every inventory machine
    /// carrying one of its tags, sorted. Reading tags reads every machine's computed tags, which
    /// read every machine's class: a class conflict fails it.
    /// </summary>
    public (IReadOnlyList<string> Members, ExpectedError? Error) Members(RoleSpec role)
    {
        if (role.Tags.Count > 0 && _inventory.ClassError is { } classError) return ([], classError);
        var byTag = role.Tags.SelectMany(t => _inventory.Machines.Where(m => _inventory.Tags[m].Contains(t)));
        return (NixOrder.Sort(role.Machines.Concat(byTag)), null);
    }

    /// <summary>The unmatched-tag warnings resolving <paramref name="role"/> prints (none under a class conflict: the tags fail first).</summary>
    public IEnumerable<string> UnmatchedTagWarnings(InstanceSpec instance, RoleSpec role) =>
        _inventory.ClassError is not null
            ? []
            : role.Tags.Distinct().Where(t => !_inventory.Machines.Any(m => _inventory.Tags[m].Contains(t)))
                .Select(t => Inventory.UnmatchedTagWarning(instance.Name, role.Role, t));

    /// <summary>
    /// The first error forcing <c>result.final</c> of every service raises, in the order a machine's
    /// module list loads them (service ids in attribute order): what fails every NixOS/nix-darwin
    /// machine of the clan (clan's <c>_allMachines.&lt;m&gt;.machineImports</c> reads
    /// <c>result.final.${m}.nixosModule or { }</c>, and <c>or</c> does not catch a throw).
    /// </summary>
    public ExpectedError? FinalError => Groups.Select(g => g.AllMachines().Error).FirstOrDefault(e => e is not null);

    /// <summary>Per service group of the case.</summary>
    public sealed class ServiceGroup
    {
        private readonly ServiceModel _model;

        internal ServiceGroup(ServiceModel model, string id, IReadOnlyList<InstanceSpec> instances)
        {
            _model = model;
            Id = id;
            Instances = instances;
            Module = instances[0].ModuleOrProbe;
            IsProbe = ServiceModel.IsProbe(Module);
            Spec = IsProbe ? null : model._case.FindService(Module);
            ResolveError = IsProbe || Spec is not null ? null : Unresolved(model._case, Module);
            RoleNames = IsProbe ? [RoleSpec.Client, RoleSpec.Server] : NixOrder.Sort(Spec?.Roles.Select(r => r.Name) ?? []);
        }

        /// <summary><c>(input or "&lt;clan-core&gt;") + "-" + name</c>.</summary>
        public string Id { get; }

        /// <summary>The instances of this module, in attribute order (the first one's module is used).</summary>
        public IReadOnlyList<InstanceSpec> Instances { get; }

        public ModuleRef Module { get; }

        public bool IsProbe { get; }

        /// <summary>The service the case defines for the module; null for the probe and unresolved modules.</summary>
        public ServiceSpec? Spec { get; }

        /// <summary>clan's resolveModule error; every read of the service evaluation fails with it.</summary>
        public ExpectedError? ResolveError { get; }

        /// <summary>The roles the service defines, sorted.</summary>
        public IReadOnlyList<string> RoleNames { get; }

        public string ManifestName => IsProbe ? "probe" : Spec?.Manifest ?? "";

        /// <summary>What reading the service's <c>roles</c> raises when it defines none (the option's default throws).</summary>
        public ExpectedError? NoRoles => Spec is { Roles.Count: 0 }
            ? new ExpectedError(ErrorKind.Throw, $"Role behavior of service '{ManifestName}' must be defined",
                "service-module.nix: roles has no default but a throw; the service defines no role")
            : null;

        /// <summary>The check <c>instances.&lt;i&gt;.roles</c> applies: every role the instance uses must be defined by the service.</summary>
        public ExpectedError? RolesCheck(InstanceSpec instance)
        {
            if (ResolveError is not null) return ResolveError;
            if (instance.Roles.Count > 0 && NoRoles is { } noRoles) return noRoles;
            var unmatched = instance.Roles.Select(r => r.Role).Where(r => !RoleNames.Contains(r)).ToList();
            return unmatched.Count == 0
                ? null
                : new ExpectedError(ErrorKind.Throw, $"Instance: 'instances.{instance.Name}' uses the following roles",
                    $"service-module.nix: instances.<i>.roles is checked against the roles the service defines ({string.Join(", ", RoleNames)}); {string.Join(", ", unmatched)} is not one of them");
        }

        /// <summary>The instance's roles, sorted by name (the instance's attribute set of roles).</summary>
        public IReadOnlyList<RoleSpec> RolesOf(InstanceSpec instance) => instance.Roles.OrderBy(r => r.Role, NixOrder.Instance).ToList();

        /// <summary>
        /// <c>result.allMachines</c>' keys and the instances each machine is in: a fold over the
        /// instances in attribute order, each forcing its roles (the check) and every role's members.
        /// </summary>
        public (IReadOnlyDictionary<string, IReadOnlyList<InstanceSpec>> Machines, ExpectedError? Error) AllMachines()
        {
            if (ResolveError is not null) return (new Dictionary<string, IReadOnlyList<InstanceSpec>>(), ResolveError);
            var machines = new SortedDictionary<string, List<InstanceSpec>>(NixOrder.Instance);
            foreach (var instance in Instances)
            {
                if (RolesCheck(instance) is { } check) return (new Dictionary<string, IReadOnlyList<InstanceSpec>>(), check);
                foreach (var role in RolesOf(instance))
                {
                    var (members, error) = _model.Members(role);
                    if (error is not null) return (new Dictionary<string, IReadOnlyList<InstanceSpec>>(), error);
                    foreach (var m in members)
                    {
                        if (!machines.TryGetValue(m, out var list)) machines[m] = list = [];
                        if (!list.Contains(instance)) list.Add(instance);
                    }
                }
            }
            return (machines.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<InstanceSpec>)kv.Value), null);
        }

        /// <summary>The settings evaluation of a machine (null: the role-level one), optionally with the role's extendSettings module.</summary>
        internal ValueTree Settings(InstanceSpec instance, RoleSpec role, string? machine, bool extended = false)
        {
            var prefix = machine is null
                ? OptionPaths.Show(Id, "instances", instance.Name, "roles", role.Role, "settings")
                : OptionPaths.Show(Id, "instances", instance.Name, "roles", role.Role, "machines", machine, "settings");
            var roleSpec = Spec?.FindRole(role.Role);
            var basePath = OptionPaths.Show("instances", instance.Name, "roles", role.Role);
            var sources = new List<SettingsSource> { new(basePath + ".settings", role.Settings) };
            ExpectedError? beforeMachineLevel = null;
            if (machine is not null)
            {
                sources.Add(new($"{basePath}.machines.{OptionPaths.Escape(machine)}.settings", role.SettingsOfMachine(machine)));
                // settingsViaTags filters the role's tags by the machine's inventory tags (none for a
                // machine outside the inventory); reading them under a class conflict fails.
                if (role.Tags.Count > 0 && _model._inventory.ClassError is { } classError) beforeMachineLevel = classError;
                else
                {
                    var machineTags = _model._inventory.Tags.TryGetValue(machine, out var tags) ? tags : [];
                    foreach (var tag in NixOrder.Sort(role.Tags).Where(machineTags.Contains))
                        sources.Add(new($"{basePath}.tags.{OptionPaths.Escape(tag)}.settings", role.SettingsOfTag(tag)));
                }
            }
            return SettingsEvaluation.Evaluate(prefix, roleSpec?.Interface ?? [], sources, beforeMachineLevel, extended ? roleSpec?.Extend : null, _model.Meta);
        }

        /// <summary>
        /// perInstance's and perMachine's view of an instance's roles (service-module.nix
        /// <c>applySettings</c>): per role of the instance, the role-level settings and every member's settings.
        /// </summary>
        internal ValueTree RolesArgument(InstanceSpec instance) =>
            ValueTree.Object(RolesOf(instance).Select(role =>
            {
                var (members, error) = _model.Members(role);
                var machines = error is not null
                    ? ValueTree.Fails(error)
                    : ValueTree.Object(members.Select(m => (m, ValueTree.Object([("settings", Settings(instance, role, m))]))));
                return (role.Role, ValueTree.Object([("machines", machines), ("settings", Settings(instance, role, null))]));
            }));

        /// <summary>
        /// What reading <c>result.allRoles.&lt;r&gt;.allInstances.&lt;i&gt;.allMachines.&lt;m&gt;</c>
        /// raises before perInstance runs: the instance's roles check and the role's members.
        /// </summary>
        public ExpectedError? PerInstanceLookup(InstanceSpec instance, RoleSpec role) => RolesCheck(instance) ?? _model.Members(role).Error;

        /// <summary>perInstance's <c>machine</c> argument: the machine and the roles of this instance it is in (sorted).</summary>
        internal ValueTree MachineArgument(InstanceSpec instance, string machine)
        {
            var roles = new List<ValueTree>();
            foreach (var role in RolesOf(instance))
            {
                var (members, error) = _model.Members(role);
                if (error is not null) return ValueTree.Fails(error);
                if (members.Contains(machine)) roles.Add(ValueTree.Of(JsonValue.Create(role.Role)));
            }
            return ValueTree.Object([("name", ValueTree.Of(JsonValue.Create(machine))), ("roles", ValueTree.Array(roles))]);
        }


        /// <summary>
        /// Why the module does not resolve (it is not one the case defines): the case's flake inputs
        /// are <c>self</c> (the case's services), the mocked inputs (theirs), and the inputs every
        /// rendered flake has; clan-core's own services are never named by a case (the validator refuses it).
        /// </summary>
        private static ExpectedError Unresolved(ClanCase clanCase, ModuleRef module)
        {
            var inputs = new Dictionary<string, IReadOnlyDictionary<string, ServiceSpec>?>();
            foreach (var input in RealInputs) inputs[input] = input == "clan-core" ? new Dictionary<string, ServiceSpec>() : null;
            inputs[ModuleRef.Self] = clanCase.Services.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());
            foreach (var input in clanCase.InputServices) inputs[input.Input] = input.Services.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());
            return ModuleResolution.Resolve(module, inputs, new Dictionary<string, ServiceSpec>()).Error
                ?? throw new InvalidOperationException($"{module.Input}/{module.Name} resolves, yet the case defines no such service");
        }

        /// <summary>The inputs of every rendered flake.</summary>
        private static readonly IReadOnlySet<string> RealInputs = new HashSet<string> { "nixpkgs", "flake-parts", "import-tree", "clan-core", "self" };
    }
}
