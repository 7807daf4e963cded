using Conformance.Model.Cases;

namespace Conformance.Tests.Examples;

/// <summary>
/// clan-core's own eval tests of the clan module, its directory layout and its metadata (at the
/// pinned revision: lib/tests.nix, lib/dir_test.nix, lib/clanTest/relativeDir-test.nix), re-expressed
/// as cases like <see cref="ServiceExampleCases"/>: each names the upstream file and test, sets up what
/// it sets up, and <see cref="UpstreamChecks"/> says which observed field carries the upstream
/// assertion and what the upstream test expects there. <c>ModelSpecs.LayoutExampleSpecs</c> checks the
/// model's prediction against that expectation; <c>Live.ExampleCaseSpecs</c> checks every field against
/// real Nix. What an upstream test does that a case cannot (call <c>clanLib.clan</c> without a flake,
/// a virtual file system, a directory outside the flake) is said in <see cref="LeftOut"/>.
/// </summary>
public static class LayoutExampleCases
{
    private static ModuleSpec Platform(string id, string system) =>
        new(id, ModuleKind.Inline) { Definitions = [new HostPlatformDef(system)] };

    // ---- lib/tests.nix ---------------------------------------------------------------------------

    /// <summary><c>test_outputs_clanInternals</c>: a clan naming itself through the inventory; meta's other options keep their defaults.</summary>
    public static ClanCase TestOutputsClanInternals => new("testOutputsClanInternals")
    {
        Shape = ObservationShape.Services,
        ClanName = "test",
        // upstream writes inventory.meta.name; here inventory.json's meta (a module of the inventory) does
        Meta = new MetaSpec { Json = new JsonMeta { Name = "test" } },
    };

    /// <summary><c>test_single_letter_domain</c>: a one-letter domain is a valid domain.</summary>
    public static ClanCase TestSingleLetterDomain => new("testSingleLetterDomain")
    {
        Shape = ObservationShape.Services,
        ClanName = "test",
        Domain = "x",
    };

    /// <summary>
    /// <c>test_fn_clan_core</c> and <c>test_machines_are_modules</c>: clan-core's own root as a clan's
    /// directory — its inventory.json (test-inventory-machine with name, description, icon and tags;
    /// test-darwin-machine of class darwin) and machines/ (test-backup with no configuration,
    /// test-darwin-machine with a configuration.nix, test-inventory-machine with a facter.json that names
    /// its system) — here in a subfolder of the flake, as <c>directory = ../.</c> is for lib/tests.nix.
    /// </summary>
    public static ClanCase TestFnClanCore => new("testFnClanCore")
    {
        ClanName = "test-clan-core",
        Layout = new DirectoryLayout { Directory = "clan-core" },
        Machines =
        [
            new MachineSpec("test-backup") { Directory = new MachineDirectory() },
            new MachineSpec("test-darwin-machine")
            {
                InventoryJson = new InventoryEntry { Class = MachineClass.Darwin },
                Directory = new MachineDirectory { Configuration = new ModuleSpec("configuration-test-darwin-machine", ModuleKind.File) { Definitions = [new HostPlatformDef(Systems.Aarch64Darwin)] } },
            },
            new MachineSpec("test-inventory-machine")
            {
                InventoryJson = new InventoryEntry { DisplayName = "foo", Description = "A nice thing", Icon = "./path/to/icon.png", Tags = ["1", "2", "3"] },
                Directory = new MachineDirectory { Facter = new FacterReport { System = Systems.X86_64Linux } },
            },
        ],
    };

    /// <summary><c>test_clan_all_machines</c>: a machine of the inventory and one of clan.machines are both configurations.</summary>
    public static ClanCase TestClanAllMachines => new("testClanAllMachines")
    {
        Shape = ObservationShape.Services,
        ClanName = "test",
        Machines = [new MachineSpec("machine1") { InventoryNix = new InventoryEntry() }, new MachineSpec("machine2") { InClanMachines = true }],
    };

    /// <summary>
    /// <c>test_clan_specialArgs</c>: an argument of clan.specialArgs reaches the machine's modules
    /// (upstream reads it back through networking.hostName; here the machine's specialArgs are observed).
    /// </summary>
    public static ClanCase TestClanSpecialArgs => new("testClanSpecialArgs")
    {
        ClanName = "test",
        SpecialArgs = [new SpecialArg("conformanceFoo", "dream2nix")],
        Modules = [Platform("platform-machine2", Systems.X86_64Linux)],
        Machines = [new MachineSpec("machine2") { InClanMachines = true, Imports = ["platform-machine2"] }],
    };

    /// <summary><c>test_clan_darwin_machines</c>: the class in the inventory splits the configurations.</summary>
    public static ClanCase TestClanDarwinMachines => new("testClanDarwinMachines")
    {
        Shape = ObservationShape.Services,
        ClanName = "test",
        Machines =
        [
            new MachineSpec("machine1") { InClanMachines = true },
            new MachineSpec("machine2") { InventoryNix = new InventoryEntry { Class = MachineClass.Darwin } },
            new MachineSpec("machine3") { InventoryNix = new InventoryEntry { Class = MachineClass.Nixos } },
        ],
    };

    /// <summary>
    /// <c>test_clan_all_machines_laziness</c>: listing the configurations evaluates no machine (upstream's
    /// machine defines an option as a throw; here the machine cannot be evaluated at all: it has no platform).
    /// </summary>
    public static ClanCase TestClanAllMachinesLaziness => new("testClanAllMachinesLaziness")
    {
        ClanName = "test",
        Machines = [new MachineSpec("machine1") { InClanMachines = true }],
    };

    // ---- lib/dir_test.nix ------------------------------------------------------------------------

    /// <summary><c>test_autoload_directories</c>: every directory under the clan's machines/ is a machine (upstream: on a virtual file system).</summary>
    public static ClanCase TestAutoloadDirectories => new("testAutoloadDirectories")
    {
        Shape = ObservationShape.Services,
        Machines = [new MachineSpec("foo-machine") { Directory = new MachineDirectory() }, new MachineSpec("bar-machine") { Directory = new MachineDirectory() }],
    };

    // ---- lib/clanTest/relativeDir-test.nix -------------------------------------------------------

    /// <summary><c>test_same_flake</c>: a clan directory deep inside the flake is its path from the flake's root.</summary>
    public static ClanCase TestSameFlake => new("testSameFlake")
    {
        Shape = ObservationShape.Services,
        Layout = new DirectoryLayout { Directory = "clanServices/foo/tests/vm" },
    };

    /// <summary><c>test_flake_root</c>: the clan at the flake's root has the relative directory "".</summary>
    public static ClanCase TestFlakeRoot => new("testFlakeRoot") { Shape = ObservationShape.Services };

    /// <summary><c>test_local_fallback</c>: a directory under the flake (upstream: a local path, not the store) is its path from the root.</summary>
    public static ClanCase TestLocalFallback => new("testLocalFallback")
    {
        Shape = ObservationShape.Services,
        Layout = new DirectoryLayout { Directory = "tests/vm" },
    };

    /// <summary>Which field carries each upstream assertion, and the upstream expectation (JSON) — copied from the upstream test.</summary>
    public static readonly IReadOnlyList<(string Example, string UpstreamFile, string UpstreamTest, string Field, string Expected)> UpstreamChecks =
    [
        (nameof(TestOutputsClanInternals), "lib/tests.nix", "test_outputs_clanInternals", "clan/Meta",
            """{"description":null,"icon":null,"name":"test","domain":"clan","tld":null}"""),
        (nameof(TestSingleLetterDomain), "lib/tests.nix", "test_single_letter_domain", "clan/Meta", "contains:{\"domain\":\"x\"}"),
        (nameof(TestFnClanCore), "lib/tests.nix", "test_fn_clan_core", "clan/NixosConfigurations", """["test-backup","test-inventory-machine"]"""),
        (nameof(TestFnClanCore), "lib/tests.nix", "test_machines_are_modules", "clan/NixosModules",
            """["clan-machine-test-backup","clan-machine-test-inventory-machine"]"""),
        (nameof(TestClanAllMachines), "lib/tests.nix", "test_clan_all_machines", "clan/NixosConfigurations", """["machine1","machine2"]"""),
        (nameof(TestClanSpecialArgs), "lib/tests.nix", "test_clan_specialArgs", "cfg/machine2/SpecialArgs",
            """{"clanCore":true,"args":{"conformanceFoo":"dream2nix"}}"""),
        (nameof(TestClanDarwinMachines), "lib/tests.nix", "test_clan_darwin_machines", "clan/NixosConfigurations", """["machine1","machine3"]"""),
        (nameof(TestClanDarwinMachines), "lib/tests.nix", "test_clan_darwin_machines", "clan/DarwinConfigurations", """["machine2"]"""),
        (nameof(TestClanAllMachinesLaziness), "lib/tests.nix", "test_clan_all_machines_laziness", "clan/NixosConfigurations", """["machine1"]"""),
        (nameof(TestAutoloadDirectories), "lib/dir_test.nix", "test_autoload_directories", "clan/Inventory",
            "keys:[\"bar-machine\",\"foo-machine\"]"),
        (nameof(TestSameFlake), "lib/clanTest/relativeDir-test.nix", "test_same_flake", "clan/RelativeDirectory", "\"clanServices/foo/tests/vm\""),
        (nameof(TestFlakeRoot), "lib/clanTest/relativeDir-test.nix", "test_flake_root", "clan/RelativeDirectory", "\"\""),
        (nameof(TestLocalFallback), "lib/clanTest/relativeDir-test.nix", "test_local_fallback", "clan/RelativeDirectory", "\"tests/vm\""),
    ];

    /// <summary>The upstream tests of these files not re-expressed, and why.</summary>
    public static readonly IReadOnlyList<(string UpstreamFile, string UpstreamTest, string Reason)> LeftOut =
    [
        ("lib/tests.nix", "test_missing_self, test_only_required, test_all_simple, test_fn_simple",
            "call clanLib.clan without a flake (self missing or a bare attribute set): a case is always a flake-parts clan"),
        ("lib/tests.nix", "test_clan_check_simple_fail, test_clan_check_simple_pass", "clan.checks: not generated yet"),
        ("lib/tests.nix", "test_get_var_machine, test_get_var_shared, test_get_var_default", "vars (getPublicValue): another area"),
        ("lib/tests.nix", "test_clan_darwin_wireguard_service", "clan-core's own wireguard service, which the model does not describe"),
        ("lib/lib-clan-tests.nix", "testMachineAccessToClanConfig", "reads clanConfig (the clan's config inside a machine), which no field observes"),
        ("lib/dir_test.nix", "test_files_are_not_machines", "files (not directories) under machines/: a case renders only directories there"),
        ("lib/clanTest/relativeDir-test.nix", "test_downstream_flake",
            "clanTest's computeRelativeDir strips any store path; module.nix's relativeDirectory (what a clan gets) compares with self, and a clan's directory is always inside its own flake"),
    ];

    // ---- the harness's own -------------------------------------------------------------------------

    /// <summary>
    /// Everything <c>LayoutGen</c> draws, in one clan checked live: the clan in a subfolder next to stray
    /// root files; meta with a deprecated tld (domain unset: it defaults to the tld, with the warning) and
    /// inventory.json's meta agreeing with Nix; inventory.json tags and a computed tag; a probe instance
    /// in inventory.json and one split between Nix and JSON; a NixOS machine whose only platform is its
    /// facter report, next to a leftover hardware-configuration.nix (the duplicate-facts warning); a NixOS
    /// machine with a mkDefault targetHost and metadata in both inventories; a nix-darwin machine with a
    /// domain of its own (targetHost from its fqdn) and a buildHost.
    /// </summary>
    public static ClanCase LayoutEverything => new("layoutEverything")
    {
        ClanName = "layout",
        Layout = new DirectoryLayout { Directory = "infra/clan", StrayRootFiles = true },
        Meta = new MetaSpec { Description = "Our clan", Tld = "lan", Json = new JsonMeta { Name = "layout", Description = "Our clan" } },
        TagSources = new TagSources
        {
            Json = [new StaticTag("cloud", ["web", "mac"])],
            Computed = [new ComputedTag("allbut", ComputedTagKind.AllBut) { Machine = "db" }, new ComputedTag("macs", ComputedTagKind.Darwin)],
        },
        StaticTags = [new StaticTag("cloud", ["db"])],
        Modules =
        [
            Platform("platform-web", Systems.X86_64Linux),
            new ModuleSpec("deploy-web", ModuleKind.Inline) { Definitions = [new TargetHostDef("root@jump") { Priority = Priority.Default }] },
            Platform("platform-mac", Systems.Aarch64Darwin),
            new ModuleSpec("deploy-mac", ModuleKind.Inline) { Definitions = [new DomainDef("example.com"), new BuildHostDef("builder.example.com:2222")] },
        ],
        Machines =
        [
            new MachineSpec("db")
            {
                Directory = new MachineDirectory { Facter = new FacterReport { System = Systems.X86_64Linux }, HardwareStub = true },
            },
            new MachineSpec("web")
            {
                InClanMachines = true,
                Imports = ["platform-web", "deploy-web"],
                InventoryNix = new InventoryEntry { Description = "A nice thing", Deploy = new DeploySpec { TargetHost = "root@target.example.com" } },
                InventoryJson = new InventoryEntry { Description = "A nice thing", InstalledAt = 1700000000 },
            },
            new MachineSpec("mac")
            {
                InClanMachines = true,
                Imports = ["platform-mac", "deploy-mac"],
                InventoryNix = new InventoryEntry { Class = MachineClass.Darwin },
            },
        ],
        Instances =
        [
            new InstanceSpec("fromjson") { Source = InstanceSource.Json, Roles = [new RoleSpec(RoleSpec.Server) { Machines = ["db"], Tags = ["cloud"] }] },
            new InstanceSpec("split") { Source = InstanceSource.Split, Roles = [new RoleSpec(RoleSpec.Client) { Machines = ["web"], Tags = ["macs"] }] },
        ],
    };

    /// <summary>The names of the example cases (the re-expressed upstream tests, then the harness's own).</summary>
    public static IReadOnlyList<string> Names => [.. UpstreamChecks.Select(c => c.Example).Distinct(), nameof(LayoutEverything)];
}
