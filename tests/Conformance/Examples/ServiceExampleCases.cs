using Conformance.Model.Cases;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's own distributed-service tests (lib/inventory/distributed-service/tests at the pinned
/// revision, <c>legacyPackages.&lt;system&gt;.evalTests-distributedServices</c>), re-expressed as cases:
/// each is named after the upstream test, sets up what it sets up with the harness's probe services
/// (so the service's arguments and modules become observable), and says in <see cref="UpstreamChecks"/>
/// which observed field carries what the upstream test asserts. The model predicts every field and
/// <see cref="Live.ExampleCaseSpecs"/> checks them against real Nix; <see cref="ModelSpecs.ServiceExampleSpecs"/>
/// checks that the model's prediction of the upstream-asserted field is the upstream expectation.
/// Where an upstream test sets up something the harness cannot express (an invalid interface type
/// that only laziness keeps harmless, a function module with empty formals) it is left out and said so.
/// </summary>
public static class ServiceExampleCases
{
    private static MachineSpec Machine(string name, params string[] tags) =>
        new(name) { InventoryNix = new InventoryEntry { Tags = tags } };

    private static MachineSpec NixosMachine(string name) =>
        new(name) { InClanMachines = true, Imports = [$"platform-{name}"] };

    private static ModuleSpec Platform(string name) =>
        new($"platform-{name}", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] };

    private static ServiceRoleSpec Role(string name, params OptionDecl[] options) => new(name) { Interface = options };

    private static InstanceSpec Instance(string name, string module, string? input, params RoleSpec[] roles) =>
        new(name) { Module = new ModuleRef(module, input), Roles = roles };

    private static SettingDef Set(string option, SettingValue value, Priority? priority = null) => new(option, value) { Priority = priority ?? Priority.Plain };

    // ---- T/default.nix ---------------------------------------------------------------------------

    /// <summary><c>test_simple</c>: an instance of a module clan-core does not have still gets its service evaluation id.</summary>
    public static ClanCase TestSimple => new("testSimple")
    {
        Shape = ObservationShape.Services,
        Services = [new ServiceSpec("simple-module") { ManifestName = "netwitness" }],
        Instances = [new InstanceSpec("instance_foo") { Module = new ModuleRef("simple-module", null) }],
    };

    /// <summary><c>test_module_grouping</c>: instances of the same module share one service evaluation.</summary>
    public static ClanCase TestModuleGrouping => new("testModuleGrouping")
    {
        Shape = ObservationShape.Services,
        Services = [new ServiceSpec("A") { ManifestName = "A-name" }, new ServiceSpec("B") { ManifestName = "B-name" }],
        Instances = [Instance("instance_foo", "A", null), Instance("instance_bar", "B", null), Instance("instance_baz", "A", null)],
    };

    /// <summary><c>test_creates_all_instances</c>: a service evaluation holds every instance of its module.</summary>
    public static ClanCase TestCreatesAllInstances => new("testCreatesAllInstances")
    {
        Shape = ObservationShape.Services,
        Services = [new ServiceSpec("A") { ManifestName = "network" }],
        Instances = [Instance("instance_foo", "A", ModuleRef.Self), Instance("instance_bar", "A", ModuleRef.Self), Instance("instance_zaza", "B", null)],
    };

    /// <summary><c>test_add_machines_directly</c>.</summary>
    public static ClanCase TestAddMachinesDirectly => new("testAddMachinesDirectly")
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon"), Machine("sara"), Machine("hxi")],
        Services = [new ServiceSpec("A") { ManifestName = "network", Roles = [Role("peer")] }],
        Instances =
        [
            Instance("instance_foo", "A", ModuleRef.Self, new RoleSpec("peer") { Machines = ["jon"] }),
            Instance("instance_bar", "A", ModuleRef.Self, new RoleSpec("peer") { Machines = ["sara"] }),
            Instance("instance_zaza", "B", null, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true }),
        ],
    };

    /// <summary><c>test_add_machines_via_tags</c>.</summary>
    public static ClanCase TestAddMachinesViaTags => new("testAddMachinesViaTags")
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon", "foo"), Machine("sara", "foo"), Machine("hxi")],
        Services = [new ServiceSpec("A") { ManifestName = "network", Roles = [Role("peer")] }],
        Instances =
        [
            Instance("instance_foo", "A", ModuleRef.Self, new RoleSpec("peer") { Tags = ["foo"], TagsAsAttrs = true }),
            Instance("instance_zaza", "B", null, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true }),
        ],
    };

    // ---- T/settings.nix --------------------------------------------------------------------------

    /// <summary><c>settings.test_simple</c>: role settings for every member, a machine's mkForce for one.</summary>
    public static ClanCase SettingsTestSimple => new("settingsTestSimple")
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon"), Machine("sara")],
        Services =
        [
            new ServiceSpec("A")
            {
                ManifestName = "network",
                Roles = [Role("peer", new OptionDecl("timeout", OptionType.Int)), Role("controller", new OptionDecl("maxPeers", OptionType.Int))],
            },
        ],
        Instances =
        [
            Instance("instance_foo", "A", ModuleRef.Self, new RoleSpec("peer")
            {
                Machines = ["jon", "sara"],
                Settings = SettingsSpec.Of(Set("timeout", new IntValue(40))),
                MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("timeout", new IntValue(42), Priority.Force)))],
            }),
        ],
    };

    /// <summary><c>settings.test_tag_settings</c>: a tag's settings reach a member carrying the tag, also one listed by name.</summary>
    public static ClanCase SettingsTestTagSettings => new("settingsTestTagSettings")
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon", "special"), Machine("sara")],
        Services = [new ServiceSpec("B") { ManifestName = "tag-test", Roles = [Role("peer", new OptionDecl("timeout", OptionType.Int))] }],
        Instances =
        [
            Instance("inst", "B", ModuleRef.Self, new RoleSpec("peer")
            {
                Machines = ["jon", "sara"],
                Settings = SettingsSpec.Of(Set("timeout", new IntValue(40))),
                Tags = ["special"],
                TagsAsAttrs = true,
                TagSettings = [new TargetSettings("special", SettingsSpec.Of(Set("timeout", new IntValue(50), Priority.Force)))],
            }),
        ],
    };

    // ---- T/specialArgs.nix -----------------------------------------------------------------------

    /// <summary><c>specialArgs.test_simple</c>: the service module's special arguments (the instance's role "peer" is not one the service defines, as upstream).</summary>
    public static ClanCase SpecialArgsTestSimple => new("specialArgsTestSimple")
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon")],
        Services = [new ServiceSpec("A") { ManifestName = "network", Roles = [Role("default")] }],
        Instances = [Instance("instance_foo", "A", ModuleRef.Self, new RoleSpec("peer") { Machines = ["jon"] })],
    };

    // ---- T/api_feature_meta.nix ------------------------------------------------------------------

    private static ClanCase ApiFeatureMeta(string id, bool metaDefault) => new(id)
    {
        Shape = ObservationShape.Services,
        ClanName = "test",
        Domain = "example.com",
        Machines = [Machine("jon")],
        Services =
        [
            new ServiceSpec("A")
            {
                ManifestName = "demo",
                Roles =
                [
                    Role("default", metaDefault
                        ? new OptionDecl("host", OptionType.Str) { MetaDefault = MetaField.Domain }
                        : new OptionDecl("host", OptionType.Str) { Default = new StrValue("svc.example.com") }),
                ],
            },
        ],
        Instances = [Instance("demo_instance", "A", ModuleRef.Self, new RoleSpec("default") { Machines = ["jon"] })],
    };

    /// <summary><c>api_feature_meta.test_no_failing_assertion</c>.</summary>
    public static ClanCase ApiFeatureMetaTestNoFailingAssertion => ApiFeatureMeta("apiMetaNoFailingAssertion", metaDefault: true);

    /// <summary><c>api_feature_meta.test_schema_is_forceable</c>: each role's assertion is exactly <c>tryEval (deepSeq schema.&lt;role&gt;)</c>.</summary>
    public static ClanCase ApiFeatureMetaTestSchemaIsForceable => ApiFeatureMeta("apiMetaSchemaIsForceable", metaDefault: true);

    /// <summary><c>api_feature_meta.test_default_resolves_meta</c>: the meta-dependent default, as the settings see it (the schema's default is not observed).</summary>
    public static ClanCase ApiFeatureMetaTestDefaultResolvesMeta => ApiFeatureMeta("apiMetaDefaultResolvesMeta", metaDefault: true);

    /// <summary><c>api_feature_meta.test_static_default_still_works</c>.</summary>
    public static ClanCase ApiFeatureMetaTestStaticDefaultStillWorks => ApiFeatureMeta("apiMetaStaticDefault", metaDefault: false);

    // ---- T/import_module_spec.nix ----------------------------------------------------------------

    private static ClanCase ResolveModuleSpec(string id, ModuleRef module) => new(id)
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon"), Machine("sara")],
        Services = [new ServiceSpec("A") { ManifestName = "network" }, new ServiceSpec("B") { ManifestName = "legacy-B" }],
        InputServices = [new InputServices("upstream") { Services = [new ServiceSpec("uzzi") { ManifestName = "uzzi-from-upstream" }] }],
        Instances = [new InstanceSpec("instance_foo") { Module = module }],
    };

    /// <summary><c>resolve_module_spec.test_import_local_module_by_name</c>.</summary>
    public static ClanCase ResolveModuleSpecTestImportLocalModuleByName => ResolveModuleSpec("resolveLocalByName", new ModuleRef("A", ModuleRef.Self));

    /// <summary><c>resolve_module_spec.test_import_remote_module_by_name</c> (the input is mocked through clan.self, as upstream mocks self.inputs).</summary>
    public static ClanCase ResolveModuleSpecTestImportRemoteModuleByName => ResolveModuleSpec("resolveRemoteByName", new ModuleRef("uzzi", "upstream"));

    // ---- T/extraModules.nix, T/machine_imports.nix (NixOS) ----------------------------------------

    /// <summary><c>extraModules.test_1</c>: an extra module reaches the machine's NixOS configuration (module.name defaults to the instance's name).</summary>
    public static ClanCase ExtraModulesTest1 => new("extraModulesTest1")
    {
        Machines = [NixosMachine("jon")],
        Modules = [Platform("jon")],
        Services = [new ServiceSpec("A") { Roles = [Role("peer")] }],
        Instances = [Instance("A", "A", ModuleRef.Self, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true, ExtraModules = ["one-option"] })],
    };

    /// <summary><c>machine_imports.test_1</c>: perMachine's and perInstance's modules reach the machine (observed in clanInternals.machines, as upstream).</summary>
    public static ClanCase MachineImportsTest1 => new("machineImportsTest1")
    {
        Machines = [NixosMachine("jon"), NixosMachine("sara")],
        Modules = [Platform("jon"), Platform("sara")],
        InspectSystems = [Systems.X86_64Linux],
        Services = [new ServiceSpec("A") { Roles = [Role("peer"), Role("server")] }],
        Instances = [Instance("A", "A", ModuleRef.Self, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true })],
    };

    // ---- T/per_machine_args.nix, T/per_instance_args.nix -----------------------------------------

    /// <summary>The setup both per_machine_args tests share (upstream's server role with an invalid interface type, harmless by laziness, is left out).</summary>
    private static ClanCase PerMachineArgs(string id) => new(id)
    {
        Shape = ObservationShape.Services,
        Machines = [Machine("jon"), Machine("sara")],
        Services = [new ServiceSpec("A") { ManifestName = "network", Roles = [Role("peer", new OptionDecl("timeout", OptionType.Str))] }],
        Instances =
        [
            Instance("instance_foo", "A", ModuleRef.Self, new RoleSpec("peer")
            {
                Machines = ["jon"],
                Settings = SettingsSpec.Of(Set("timeout", new StrValue("foo-peer"))),
                MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("timeout", new StrValue("foo-peer-jon"), Priority.Force)))],
            }),
            Instance("instance_bar", "A", ModuleRef.Self, new RoleSpec("peer")
            {
                Machines = ["jon"],
                MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("timeout", new StrValue("bar-peer-jon"))))],
            }),
            Instance("instance_zaza", "B", null, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true }),
        ],
    };

    /// <summary><c>per_machine_args.test_per_machine_roles_only_assigned</c>.</summary>
    public static ClanCase PerMachineArgsTestPerMachineRolesOnlyAssigned => PerMachineArgs("perMachineRolesOnlyAssigned");

    /// <summary><c>per_machine_args.test_per_machine_receives_instance_settings</c>.</summary>
    public static ClanCase PerMachineArgsTestPerMachineReceivesInstanceSettings => PerMachineArgs("perMachineReceivesInstanceSettings");

    /// <summary>The setup both per_instance_args tests share: perInstance vendors settings with <c>extendSettings { timeout = mkOverride 10 "config.thing"; }</c>.</summary>
    private static ClanCase PerInstanceArgs(string id) => PerMachineArgs(id) with
    {
        Services =
        [
            new ServiceSpec("A")
            {
                ManifestName = "network",
                Roles =
                [
                    Role("controller"),
                    Role("peer", new OptionDecl("timeout", OptionType.Str)) with
                    {
                        Extend = SettingsSpec.Of(Set("timeout", new StrValue("config.thing"), Priority.Override(10))),
                    },
                ],
            },
        ],
        Instances =
        [
            Instance("instance_foo", "A", ModuleRef.Self,
                new RoleSpec("peer")
                {
                    Machines = ["jon"],
                    Settings = SettingsSpec.Of(Set("timeout", new StrValue("foo-peer"))),
                    MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("timeout", new StrValue("foo-peer-jon"), Priority.Force)))],
                },
                new RoleSpec("controller") { Machines = ["jon"] }),
            Instance("instance_bar", "A", ModuleRef.Self, new RoleSpec("peer")
            {
                Machines = ["jon"],
                MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("timeout", new StrValue("bar-peer-jon"))))],
            }),
            Instance("instance_zaza", "B", null, new RoleSpec("peer") { Tags = ["all"], TagsAsAttrs = true }),
        ],
    };

    /// <summary><c>per_instance_args.test_per_instance_arguments</c>.</summary>
    public static ClanCase PerInstanceArgsTestPerInstanceArguments => PerInstanceArgs("perInstanceArguments");

    /// <summary><c>per_instance_args.test_per_instance_settings_vendoring</c>.</summary>
    public static ClanCase PerInstanceArgsTestPerInstanceSettingsVendoring => PerInstanceArgs("perInstanceSettingsVendoring");

    // ---- T/cli_checks.nix --------------------------------------------------------------------------

    private static ClanCase CliChecks(string id, ServiceConstraints? constraints, string[] roles, string[] machines, params InstanceSpec[] instances) => new(id)
    {
        Shape = ObservationShape.Services,
        Machines = machines.Select(m => Machine(m)).ToList(),
        Services = [new ServiceSpec("svc") { Constraints = constraints, Roles = roles.Select(r => Role(r)).ToList() }],
        Instances = instances,
    };

    private static InstanceSpec Default(string name, params string[] machines) =>
        Instance(name, "svc", ModuleRef.Self, new RoleSpec("default") { Machines = machines });

    /// <summary><c>cli_checks.test_no_constraints</c>.</summary>
    public static ClanCase CliChecksTestNoConstraints => CliChecks("cliNoConstraints", null, ["default"], ["jon"], Default("my-svc", "jon"));

    /// <summary><c>cli_checks.test_maxInstances_pass</c>.</summary>
    public static ClanCase CliChecksTestMaxInstancesPass =>
        CliChecks("cliMaxInstancesPass", new ServiceConstraints { MaxInstances = 1 }, ["default"], ["jon"], Default("my-svc", "jon"));

    /// <summary><c>cli_checks.test_maxInstances_fail</c>.</summary>
    public static ClanCase CliChecksTestMaxInstancesFail =>
        CliChecks("cliMaxInstancesFail", new ServiceConstraints { MaxInstances = 1 }, ["default"], ["jon"], Default("inst-a", "jon"), Default("inst-b", "jon"));

    /// <summary><c>cli_checks.test_minMachines_fail</c>: a constrained role the instance does not use counts 0 machines.</summary>
    public static ClanCase CliChecksTestMinMachinesFail =>
        CliChecks("cliMinMachinesFail", new ServiceConstraints { Roles = [new RoleConstraint("server") { MinMachines = 1 }] }, ["server", "default"], ["jon"],
            Default("my-svc", "jon"));

    /// <summary><c>cli_checks.test_maxMachines_fail</c>.</summary>
    public static ClanCase CliChecksTestMaxMachinesFail =>
        CliChecks("cliMaxMachinesFail", new ServiceConstraints { Roles = [new RoleConstraint("default") { MaxMachines = 1 }] }, ["default"], ["jon", "sara"],
            Default("my-svc", "jon", "sara"));

    /// <summary><c>cli_checks.test_exact_machine_count_pass</c>.</summary>
    public static ClanCase CliChecksTestExactMachineCountPass =>
        CliChecks("cliExactMachineCount", new ServiceConstraints { Roles = [new RoleConstraint("default") { MinMachines = 1, MaxMachines = 1 }] }, ["default"], ["jon"],
            Default("my-svc", "jon"));

    /// <summary>
    /// Each example's upstream test, the field carrying what it asserts, and the upstream expectation
    /// (JSON, from the upstream test file; <c>contains:[a,b]</c>: the field's list holds these elements,
    /// where upstream checks that a module reached the machine by reading an option it declares).
    /// </summary>
    public static readonly IReadOnlyList<(string Example, string UpstreamTest, string Field, string Expected)> UpstreamChecks =
    [
        (nameof(TestSimple), "test_simple", "svc/Services", """["<clan-core>-simple-module"]"""),
        (nameof(TestModuleGrouping), "test_module_grouping", "svc/Services", """["<clan-core>-A","<clan-core>-B"]"""),
        (nameof(TestCreatesAllInstances), "test_creates_all_instances", "svc/self-A/Instances", """["instance_bar","instance_foo"]"""),
        (nameof(TestAddMachinesDirectly), "test_add_machines_directly", "svc/self-A/Members", """["jon","sara"]"""),
        (nameof(TestAddMachinesViaTags), "test_add_machines_via_tags", "svc/self-A/Members", """["jon","sara"]"""),
        (nameof(SettingsTestSimple), "settings.test_simple", "svc/self-A/instance_foo/peer/jon/Settings", """{"timeout":42}"""),
        (nameof(SettingsTestSimple), "settings.test_simple", "svc/self-A/instance_foo/peer/sara/Settings", """{"timeout":40}"""),
        (nameof(SettingsTestTagSettings), "settings.test_tag_settings", "svc/self-B/inst/peer/jon/Settings", """{"timeout":50}"""),
        (nameof(SettingsTestTagSettings), "settings.test_tag_settings", "svc/self-B/inst/peer/sara/Settings", """{"timeout":40}"""),
        (nameof(SpecialArgsTestSimple), "specialArgs.test_simple", "svc/self-A/SpecialArgs", """["clanLib","directory","exports","meta"]"""),
        (nameof(ApiFeatureMetaTestNoFailingAssertion), "api_feature_meta.test_no_failing_assertion", "svc/self-A/Assertions", "[]"),
        (nameof(ApiFeatureMetaTestSchemaIsForceable), "api_feature_meta.test_schema_is_forceable", "svc/self-A/Assertions", "[]"),
        (nameof(ApiFeatureMetaTestDefaultResolvesMeta), "api_feature_meta.test_default_resolves_meta", "svc/self-A/demo_instance/default/jon/Settings", """{"host":"svc.example.com"}"""),
        (nameof(ApiFeatureMetaTestStaticDefaultStillWorks), "api_feature_meta.test_static_default_still_works", "svc/self-A/demo_instance/default/jon/Settings", """{"host":"svc.example.com"}"""),
        (nameof(ResolveModuleSpecTestImportLocalModuleByName), "resolve_module_spec.test_import_local_module_by_name", "svc/self-A/Manifest", "\"network\""),
        (nameof(ResolveModuleSpecTestImportRemoteModuleByName), "resolve_module_spec.test_import_remote_module_by_name", "svc/upstream-uzzi/Manifest", "\"uzzi-from-upstream\""),
        (nameof(ExtraModulesTest1), "extraModules.test_1", "cfg/jon/ServiceOrder", "contains:[\"extra:one-option\"]"),
        (nameof(MachineImportsTest1), "machine_imports.test_1", "sys/x86_64-linux/jon/ServiceOrder", "contains:[\"self-A/A/peer\",\"self-A/perMachine\"]"),
        (nameof(PerMachineArgsTestPerMachineRolesOnlyAssigned), "per_machine_args.test_per_machine_roles_only_assigned", "svc/self-A/jon/PerMachine",
            """{"instances":["instance_bar","instance_foo"],"machine":{"name":"jon","roles":["peer"]}}"""),
        (nameof(PerMachineArgsTestPerMachineReceivesInstanceSettings), "per_machine_args.test_per_machine_receives_instance_settings", "svc/self-A/instance_foo/jon/PerMachineInstance",
            """{"roles":{"peer":{"machines":{"jon":{"settings":{"timeout":"foo-peer-jon"}}},"settings":{"timeout":"foo-peer"}}}}"""),
        (nameof(PerInstanceArgsTestPerInstanceArguments), "per_instance_args.test_per_instance_arguments", "svc/self-A/instance_foo/peer/jon/Args",
            """{"instanceName":"instance_foo","machine":{"name":"jon","roles":["controller","peer"]}}"""),
        (nameof(PerInstanceArgsTestPerInstanceArguments), "per_instance_args.test_per_instance_arguments", "svc/self-A/instance_foo/peer/jon/Settings", """{"timeout":"foo-peer-jon"}"""),
        (nameof(PerInstanceArgsTestPerInstanceArguments), "per_instance_args.test_per_instance_arguments", "svc/self-A/instance_foo/peer/jon/Roles",
            """{"controller":{"machines":{"jon":{"settings":{}}},"settings":{}},"peer":{"machines":{"jon":{"settings":{"timeout":"foo-peer-jon"}}},"settings":{"timeout":"foo-peer"}}}"""),
        (nameof(PerInstanceArgsTestPerInstanceSettingsVendoring), "per_instance_args.test_per_instance_settings_vendoring", "svc/self-A/instance_foo/peer/jon/Extended", """{"timeout":"config.thing"}"""),
        (nameof(CliChecksTestNoConstraints), "cli_checks.test_no_constraints", "svc/CliChecks", "[]"),
        (nameof(CliChecksTestMaxInstancesPass), "cli_checks.test_maxInstances_pass", "svc/CliChecks", "[]"),
        (nameof(CliChecksTestMaxInstancesFail), "cli_checks.test_maxInstances_fail", "svc/CliChecks",
            """[{"id":"svc-maxInstances","message":"Service 'svc' allows at most 1 instance(s) but 2 are defined.","severity":"error"}]"""),
        (nameof(CliChecksTestMinMachinesFail), "cli_checks.test_minMachines_fail", "svc/CliChecks",
            """[{"id":"svc-my-svc-server-minMachines","message":"Role 'server' of service 'svc' instance 'my-svc' requires at least 1 machine(s) but 0 are assigned.","severity":"error"}]"""),
        (nameof(CliChecksTestMaxMachinesFail), "cli_checks.test_maxMachines_fail", "svc/CliChecks",
            """[{"id":"svc-my-svc-default-maxMachines","message":"Role 'default' of service 'svc' instance 'my-svc' allows at most 1 machine(s) but 2 are assigned.","severity":"error"}]"""),
        (nameof(CliChecksTestExactMachineCountPass), "cli_checks.test_exact_machine_count_pass", "svc/CliChecks", "[]"),
    ];

    /// <summary>The names of the re-expressed upstream tests (26).</summary>
    public static IReadOnlyList<string> Names => UpstreamChecks.Select(c => c.Example).Distinct().ToList();
}
