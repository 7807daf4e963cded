using Conformance.Model.Cases;

namespace Conformance.Tests.Examples;

/// <summary>
/// Hand-written cases for the service rules clan-core's own tests leave open (services.md's
/// [derived] claims and the documentation gaps of docs/findings.md): how settings merge across
/// levels, tags as a list or an attribute set, extendSettings, darwin members, members that are not
/// inventory machines, and every settings error a user can make. Checked live by
/// <see cref="Live.ExampleCaseSpecs"/>.
/// </summary>
public static class ServiceSemanticsCases
{
    private static SettingDef Set(string option, SettingValue value, Priority? priority = null, Order? order = null) =>
        new(option, value) { Priority = priority ?? Priority.Plain, Order = order ?? Order.Plain };

    private static ListValue List(params string[] items) => new(items);

    private static AttrsValue Attrs(params (string Key, string Value)[] entries) => new(entries.Select(e => new AttrEntry(e.Key, e.Value)).ToList());

    private static readonly ServiceRoleSpec Peer = new("peer")
    {
        Interface =
        [
            new OptionDecl("name", OptionType.Str) { Default = new StrValue("d") },
            new OptionDecl("port", OptionType.Int),
            new OptionDecl("list", OptionType.ListOfStr) { Default = new ListValue(["default"]) },
            new OptionDecl("attrs", OptionType.AttrsOfStr) { Default = new AttrsValue([]) },
            new OptionDecl("maybe", OptionType.NullOrStr) { Default = new NullValue() },
            new OptionDecl("flag", OptionType.Bool) { Default = new BoolValue(false) },
        ],
        Extend = SettingsSpec.Of(new SettingDef("list", new ListValue(["extended"]))),
    };

    private static ServiceSpec Net => new("net") { Roles = [Peer, new ServiceRoleSpec("ctl") { Description = "the controller" }] };

    /// <summary>
    /// Lists merge tags (reverse name order), machine, role, then extendSettings (jon: role's
    /// mkBefore first, then tag b, tag a, machine; i2's mac: machine, role, extended); attrs take
    /// the union; priorities compare across levels (machine mkForce over role, tag mkOverride 900
    /// over the option default); a tag's settings reach a member listed by name that carries the
    /// tag; tags as a list and as an attribute set; a darwin member; a member that is no inventory
    /// machine (ghost); an unknown tag's warning.
    /// </summary>
    public static ClanCase ServiceSettingsLevels => new("svcLevels")
    {
        Shape = ObservationShape.Services,
        Machines =
        [
            new MachineSpec("jon") { InventoryNix = new InventoryEntry { Tags = ["b", "a"] } },
            new MachineSpec("sara") { InventoryNix = new InventoryEntry { Tags = ["b"] } },
            new MachineSpec("mac") { InventoryNix = new InventoryEntry { Class = MachineClass.Darwin, Tags = ["a"] } },
        ],
        Services = [Net],
        Instances =
        [
            new InstanceSpec("i1")
            {
                Module = new ModuleRef("net", ModuleRef.Self),
                Roles =
                [
                    new RoleSpec("peer")
                    {
                        Machines = ["jon", "ghost"],
                        Tags = ["a", "b"],
                        TagsAsAttrs = true,
                        Settings = SettingsSpec.Of(Set("port", new IntValue(40)), Set("list", List("role-first"), order: Order.Before), Set("attrs", Attrs(("r", "role")))),
                        MachineSettings =
                        [
                            new TargetSettings("jon", SettingsSpec.Of(Set("port", new IntValue(42), Priority.Force), Set("list", List("machine")),
                                Set("attrs", Attrs(("m", "machine"))), Set("maybe", new StrValue("jon")))),
                            new TargetSettings("ghost", SettingsSpec.Of(Set("name", new StrValue("ghostly"), Priority.Default))),
                        ],
                        TagSettings =
                        [
                            new TargetSettings("a", SettingsSpec.Of(Set("list", List("tag-a")), Set("name", new StrValue("from-a"), Priority.Override(900)))),
                            new TargetSettings("b", SettingsSpec.Of(Set("list", List("tag-b")), Set("attrs", Attrs(("b", "b"))))),
                        ],
                        ExtraModules = ["x1", "x2"],
                    },
                    new RoleSpec("ctl") { Tags = ["b", "nosuchtag"] },
                ],
            },
            new InstanceSpec("i2")
            {
                Module = new ModuleRef("net", ModuleRef.Self),
                Roles =
                [
                    new RoleSpec("peer")
                    {
                        Machines = ["mac"],
                        Settings = SettingsSpec.Of(Set("port", new IntValue(1)), Set("flag", new BoolValue(true)), Set("list", List("role"))),
                        MachineSettings = [new TargetSettings("mac", SettingsSpec.Of(Set("list", List("machine"))))],
                    },
                ],
            },
        ],
    };

    /// <summary>The same in a NixOS evaluation: the module order a machine really merges, next to the service evaluations'.</summary>
    public static ClanCase ServiceModuleOrderNixos => new("svcOrderNixos")
    {
        Machines =
        [
            new MachineSpec("jon") { InClanMachines = true, Imports = ["platform-x86"], InventoryNix = new InventoryEntry { Tags = ["b"] } },
            new MachineSpec("mac") { InClanMachines = true, Imports = ["platform-darwin"], InventoryNix = new InventoryEntry { Class = MachineClass.Darwin } },
        ],
        Modules =
        [
            new ModuleSpec("platform-x86", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux)] },
            new ModuleSpec("platform-darwin", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.Aarch64Darwin)] },
        ],
        Services = [Net, new ServiceSpec("other") { Readme = true, Roles = [new ServiceRoleSpec("peer")] }],
        Instances =
        [
            new InstanceSpec("i1") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("peer") { Tags = ["all"], ExtraModules = ["e1"] }, new RoleSpec("ctl") { Machines = ["jon"] }] },
            new InstanceSpec("i2") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("ctl") { Machines = ["jon", "mac"], ExtraModules = ["e2"] }] },
            new InstanceSpec("z") { Module = new ModuleRef("other", ModuleRef.Self), Roles = [new RoleSpec("peer") { Tags = ["b"] }] },
            new InstanceSpec("legacy") { Roles = [new RoleSpec(RoleSpec.Server) { Machines = ["jon"] }] },
        ],
    };

    private static ClanCase Errors(string id, params RoleSpec[] peers) => new(id)
    {
        Shape = ObservationShape.Services,
        Machines = [new MachineSpec("jon") { InventoryNix = new InventoryEntry { Tags = ["t"] } }, new MachineSpec("sara") { InventoryNix = new InventoryEntry() }],
        Services = [Net],
        Instances = peers.Select((r, i) => new InstanceSpec($"i{i + 1}") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [r] }).ToList(),
    };

    /// <summary>Errors a user can make at each level, one instance each; the other instances still evaluate.</summary>
    public static ClanCase ServiceSettingsErrors => Errors("svcErrors",
        // Two definitions of one settings option (lib.mkMerge): not unique.
        new RoleSpec("peer")
        {
            Machines = ["jon"],
            MachineSettings = [new TargetSettings("jon", new SettingsSpec { Definitions = [new() { Values = [Set("port", new IntValue(1))] }, new() { Values = [Set("name", new StrValue("x"))] }] })],
        },
        // Two definitions, one at mkDefault: only the plain one is kept (no error).
        new RoleSpec("peer")
        {
            Machines = ["jon"],
            MachineSettings = [new TargetSettings("jon", new SettingsSpec
            {
                Definitions = [new() { Values = [Set("port", new IntValue(1))], Priority = Priority.Default }, new() { Values = [Set("port", new IntValue(2))] }],
            })],
        },
        // A definition at mkOptionDefault ties with the option's default { }: not unique.
        new RoleSpec("peer") { Machines = ["jon"], Settings = new SettingsSpec { Definitions = [new() { Values = [Set("port", new IntValue(3))], Priority = Priority.OptionDefault }] } },
        // Nested imports.
        new RoleSpec("peer") { Machines = ["jon"], Settings = new SettingsSpec { Definitions = [new() { Values = [Set("port", new IntValue(3))], Fault = SettingsFault.Imports }] } },
        // A wrong type at the tag level, only for members carrying the tag.
        new RoleSpec("peer")
        {
            Machines = ["jon", "sara"], Tags = ["t"], TagsAsAttrs = true, Settings = SettingsSpec.Of(Set("port", new IntValue(3))),
            TagSettings = [new TargetSettings("t", SettingsSpec.Of(Set("flag", new StrValue("yes"))))],
        },
        // Different plain values at role and machine level: a conflict, as for nullOr null vs a string.
        new RoleSpec("peer")
        {
            Machines = ["jon", "sara"], Settings = SettingsSpec.Of(Set("port", new IntValue(3)), Set("maybe", new NullValue())),
            MachineSettings = [new TargetSettings("jon", SettingsSpec.Of(Set("port", new IntValue(4)), Set("maybe", new StrValue("x"))))],
        },
        // An option the interface does not declare.
        new RoleSpec("peer") { Machines = ["sara"], Settings = SettingsSpec.Of(Set("port", new IntValue(3)), Set("nope", new IntValue(1))) },
        // A required option set only per machine: the role-level settings lack it.
        new RoleSpec("peer") { Machines = ["sara"], MachineSettings = [new TargetSettings("sara", SettingsSpec.Of(Set("port", new IntValue(9))))] });

    /// <summary>A function inside settings: builtins.toJSON fails, which tryEval cannot catch.</summary>
    public static ClanCase ServiceSettingsFunction => Errors("svcFunction",
        new RoleSpec("peer") { Machines = ["jon"], MachineSettings = [new TargetSettings("jon", new SettingsSpec { Definitions = [new() { Values = [Set("port", new IntValue(1))], Fault = SettingsFault.Function }] })] },
        new RoleSpec("peer") { Machines = ["sara"], Settings = SettingsSpec.Of(Set("port", new IntValue(2))) });

    /// <summary>An instance using a role the service does not define: its service fails, and every machine of the clan fails to evaluate.</summary>
    public static ClanCase ServiceUnknownRole => new("svcUnknownRole")
    {
        Machines =
        [
            new MachineSpec("jon") { InClanMachines = true, Imports = ["platform"] },
            new MachineSpec("sara") { InClanMachines = true, Imports = ["platform"] },
        ],
        Modules = [new ModuleSpec("platform", ModuleKind.Inline) { Definitions = [new HostPlatformDef(Systems.X86_64Linux), new ScalarDef("set")] }],
        Services = [Net],
        Instances =
        [
            new InstanceSpec("bad") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("nope") { Machines = ["jon"] }] },
            new InstanceSpec("good") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("ctl") { Machines = ["sara"] }] },
        ],
    };

    public static IReadOnlyList<string> Names => [nameof(ServiceSettingsLevels), nameof(ServiceModuleOrderNixos), nameof(ServiceSettingsErrors), nameof(ServiceSettingsFunction), nameof(ServiceUnknownRole)];
}
